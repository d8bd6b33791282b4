using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api;

/// <summary>
/// Reads a bundle write's <c>name</c>, <c>patches</c> and <c>public</c> as Patchwork's
/// BundleSerializer validates them, collecting one message per field (DRF reports every field at
/// once, in field order). A full write (POST, PUT) needs name and patches; a partial one (PATCH)
/// checks only what it sends. Patches are ids of existing patches, all of one project, which
/// becomes the bundle's project. <c>project</c>, <c>owner</c> and the rest are read-only and ignored.
/// </summary>
internal static class BundleFields
{
    /// <summary>Patchwork's <c>Bundle.name</c> is a CharField(max_length=50).</summary>
    public const int NameMaxLength = 50;

    public const string Required = "This field is required.";

    /// <summary>Fields a form sends once per value (<c>patches=1&amp;patches=2</c>), for <see cref="RequestBody.ReadAsync"/>.</summary>
    public static IReadOnlySet<string> ListFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "patches" };

    /// <summary>Validates a bundle write's fields; the changes when there are no errors, else one message per bad field.</summary>
    /// <param name="connection">An open connection, to look up the patches the write names.</param>
    /// <param name="fields">The request body's fields (<see cref="RequestBody.ReadAsync"/>).</param>
    /// <param name="partial">A PATCH: only the fields it sends are checked, none is required.</param>
    /// <param name="isForm">
    /// A form body: DRF reads a field a full write's form leaves out as an empty list
    /// (<c>patches</c>) or false (<c>public</c>), not as missing.
    /// </param>
    /// <param name="cancellationToken">Cancels the patch lookup.</param>
    public static async Task<(BundleChanges? Changes, IReadOnlyList<(string Field, string Message)> Errors)> ReadAsync(
        DbConnection connection, IReadOnlyDictionary<string, JsonElement> fields, bool partial, bool isForm, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        string? name = null;
        if (fields.TryGetValue("name", out var nameValue))
        {
            var (value, error) = ReadName(nameValue);
            if (error is not null)
            {
                errors.Add(("name", error));
            }

            name = value;
        }
        else if (!partial)
        {
            errors.Add(("name", Required));
        }

        IReadOnlyList<long>? patchIds = null;
        long? projectId = null;
        if (fields.TryGetValue("patches", out var patchesValue) || (!partial && isForm))
        {
            var (ids, project, error) = await ReadPatchesAsync(
                connection, fields.ContainsKey("patches") ? patchesValue : JsonSerializer.SerializeToElement(Array.Empty<string>()), cancellationToken);
            if (error is not null)
            {
                errors.Add(("patches", error));
            }

            (patchIds, projectId) = (ids, project);
        }
        else if (!partial)
        {
            errors.Add(("patches", Required));
        }

        bool? isPublic = null;
        if (fields.TryGetValue("public", out var publicValue))
        {
            isPublic = FieldValues.Boolean(publicValue);
            if (isPublic is null)
            {
                errors.Add(("public", publicValue.ValueKind == JsonValueKind.Null ? "This field may not be null." : "Must be a valid boolean."));
            }
        }
        else if (!partial && isForm)
        {
            isPublic = false;
        }

        return errors.Count > 0 ? (null, errors) : (new BundleChanges(name, isPublic, patchIds, projectId), errors);
    }

    /// <summary>DRF's CharField: text or a number, trimmed, not blank, at most 50 characters, no NUL; and no "/", which would break the bundle's URLs.</summary>
    private static (string? Value, string? Error) ReadName(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (null, "This field may not be null.");
        }

        if (FieldValues.CharFieldError(value, int.MaxValue) is { } notText)
        {
            return (null, notText);
        }

        var text = FieldValues.Text(value)!.Trim();
        if (text.Length == 0)
        {
            return (null, "This field may not be blank.");
        }

        if (text.EnumerateRunes().Count() > NameMaxLength)
        {
            return (null, $"Ensure this field has no more than {NameMaxLength} characters.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return (null, "Null characters are not allowed.");
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            return (null, "Bundle names cannot contain \"/\".");
        }

        return (text, null);
    }

    /// <summary>
    /// A list of patch ids (numbers, or strings of digits as forms send them), checked in order as DRF
    /// does: the first item that is not an id or names no patch is the error. Then the list must not be
    /// empty and its patches must share one project. A repeated id counts once.
    /// </summary>
    private static async Task<(IReadOnlyList<long>? Ids, long? ProjectId, string? Error)> ReadPatchesAsync(
        DbConnection connection, JsonElement value, CancellationToken cancellationToken)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (null, null, "This field may not be null.");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return (null, null, $"Expected a list of items but got type \"{PythonType(value)}\".");
        }

        var items = value.EnumerateArray().Select(ReadPatchId).ToList();
        var wanted = items.TakeWhile(i => i.Error is null).Where(i => i.Id is not null).Select(i => i.Id!.Value).Distinct().ToList();
        var projects = new Dictionary<long, long>();
        foreach (var chunk in wanted.Chunk(500))
        {
            var rows = await connection.QueryAsync<(long Id, long ProjectId)>(new CommandDefinition(
                $"SELECT id, project_id FROM patches WHERE id IN ({string.Join(",", chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)))})",
                cancellationToken: cancellationToken));
            foreach (var (id, projectId) in rows)
            {
                projects[id] = projectId;
            }
        }

        var ids = new List<long>(items.Count);
        foreach (var item in items)
        {
            if (item.Error is not null)
            {
                return (null, null, item.Error);
            }

            if (item.Id is not { } id || !projects.ContainsKey(id))
            {
                return (null, null, $"Invalid pk \"{item.Display}\" - object does not exist.");
            }

            ids.Add(id);
        }

        if (ids.Count == 0)
        {
            return (null, null, "Bundles cannot be empty");
        }

        if (ids.Select(i => projects[i]).Distinct().Count() > 1)
        {
            return (null, null, "Bundle patches must belong to the same project");
        }

        return (ids, projects[ids[0]], null);
    }

    /// <summary>One item of <c>patches</c>: an id to look up (null for one that cannot exist), or a type error.</summary>
    private static (long? Id, string Display, string? Error) ReadPatchId(JsonElement item)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = item.GetRawText();
                if (item.TryGetInt64(out var number))
                {
                    return (number, raw, null);
                }

                // An integer too large for an id names no patch; a fraction is not an id.
                return raw.AsSpan().IndexOfAny(".eE") < 0 ? (null, raw, null) : (null, raw, IncorrectType("float"));
            case JsonValueKind.String:
                var text = item.GetString()!;
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    return (parsed, text, null);
                }

                var trimmed = text.Trim();
                var digits = trimmed.TrimStart('+', '-');
                return digits.Length > 0 && digits.All(char.IsAsciiDigit) ? (null, text, null) : (null, text, IncorrectType("str"));
            case JsonValueKind.Null:
                return (null, "None", null);
            default:
                return (null, "", IncorrectType(PythonType(item)));
        }
    }

    private static string IncorrectType(string type) => $"Incorrect type. Expected pk value, received {type}.";

    /// <summary>The Python type name DRF puts in its messages for a JSON value.</summary>
    private static string PythonType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Number => value.TryGetInt64(out _) || value.GetRawText().AsSpan().IndexOfAny(".eE") < 0 ? "int" : "float",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Object => "dict",
        JsonValueKind.Array => "list",
        _ => "NoneType",
    };
}

using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;

namespace PatchSync.Server.Api;

/// <summary>
/// Reads the <c>related</c> field of PATCH/PUT <c>patches/{id}/</c> as Patchwork 3.1.3's serializer does
/// (DRF's many-valued primary-key field): a JSON list of patch ids, or the repeated form field. The
/// field is writable in every API version (Patchwork's versioning only hides it from answers before
/// 1.2). A PUT without it means an empty list (DRF fills in the field's default on a full update),
/// which takes the patch out of its relation; a PATCH without it leaves the relation alone.
/// </summary>
internal static class RelatedField
{
    public const string Name = "related";

    /// <summary>
    /// The ids asked for (in the order given, each once), null when the field is to be left alone, or
    /// the message of DRF's 400 for it. An id must name an existing patch.
    /// </summary>
    public static async Task<(IReadOnlyList<long>? Ids, string? Error)> ReadAsync(
        HttpRequest request, IReadOnlyDictionary<string, JsonElement> fields, bool partial, DbConnection connection, CancellationToken cancellationToken)
    {
        if (!fields.TryGetValue(Name, out var value))
        {
            return partial ? (null, null) : ([], null);
        }

        List<Item> items;
        if (request.HasFormContentType)
        {
            // Every value of a repeated form field (DRF reads a list field with getlist); the form was read already.
            items = [.. request.Form[Name].Select(v => FromString(v ?? ""))];
        }
        else
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    return (null, "This field may not be null.");
                case JsonValueKind.Array:
                    items = [.. value.EnumerateArray().Select(FromJson)];
                    break;
                case JsonValueKind.Object:
                    // Python iterates a dict over its keys, so DRF reads {"5": …} as the list ["5"].
                    items = [.. value.EnumerateObject().Select(p => FromString(p.Name))];
                    break;
                default:
                    return (null, $"Expected a list of items but got type \"{PythonType(value)}\".");
            }
        }

        var existing = await ExistingAsync(connection, items.Where(i => i.Id is not null).Select(i => i.Id!.Value), cancellationToken);
        foreach (var item in items)
        {
            if (item.TypeName is { } typeName)
            {
                return (null, $"Incorrect type. Expected pk value, received {typeName}.");
            }

            if (item.Id is not { } id || !existing.Contains(id))
            {
                return (null, $"Invalid pk \"{item.Display}\" - object does not exist.");
            }
        }

        return (items.Select(i => i.Id!.Value).Distinct().ToList(), null);
    }

    private static async Task<HashSet<long>> ExistingAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var found = new HashSet<long>();
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            found.UnionWith(await connection.QueryAsync<long>(new CommandDefinition(
                $"SELECT id FROM patches WHERE id IN ({string.Join(",", chunk)})", cancellationToken: cancellationToken)));
        }

        return found;
    }

    /// <summary>
    /// One element as Django looks it up by primary key: <c>int(value)</c>, so a float is truncated and
    /// a string is read as Python reads an integer; a boolean, list or dict is the wrong type; null
    /// finds nothing.
    /// </summary>
    private static Item FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => FromString(element.GetString()!),
        JsonValueKind.Number => FromNumber(element.GetRawText()),
        JsonValueKind.Null => new Item(null, "None", null),
        _ => new Item(null, "", PythonType(element)),
    };

    private static Item FromNumber(string text)
    {
        if (text.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            // An integer; one beyond 64 bits names no patch.
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? new Item(id, text, null) : new Item(null, text, null);
        }

        var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var truncated = Math.Truncate(d);
        return double.IsFinite(d) && truncated >= long.MinValue && truncated < 9.2e18
            ? new Item((long)truncated, PythonFloat(d), null)
            : new Item(null, PythonFloat(d), null);
    }

    private static Item FromString(string text) =>
        TryParsePythonInt(text, out var id) ? new Item(id, text, null) : new Item(null, text, "str");

    /// <summary>
    /// Python's <c>int(str)</c>: surrounding whitespace, an optional sign, decimal digits of any
    /// script with single underscores between them. False where Python raises ValueError;
    /// <paramref name="id"/> is null for a number too large to name any patch.
    /// </summary>
    private static bool TryParsePythonInt(string text, out long? id)
    {
        id = null;
        var s = text.Trim();
        var negative = false;
        var i = 0;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        var digits = new StringBuilder();
        var lastWasDigit = false;
        foreach (var rune in s[i..].EnumerateRunes())
        {
            if (rune.Value == '_' && lastWasDigit)
            {
                lastWasDigit = false;
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.DecimalDigitNumber)
            {
                return false;
            }

            digits.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
            lastWasDigit = true;
        }

        if (!lastWasDigit)
        {
            // Empty, a sign alone, or a trailing underscore.
            return false;
        }

        if (long.TryParse((negative ? "-" : "") + digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            id = value;
        }

        return true;
    }

    /// <summary>How Python prints a float (<c>1.5</c>, <c>3.0</c>, <c>1e+20</c>), for DRF's message.</summary>
    private static string PythonFloat(double d)
    {
        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        if (d == Math.Truncate(d) && Math.Abs(d) < 1e16)
        {
            return ((long)d).ToString(CultureInfo.InvariantCulture) + ".0";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return $"{text[..e]}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }

    private static string PythonType(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Number => element.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0 ? "int" : "float",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "list",
        JsonValueKind.Object => "dict",
        _ => "NoneType",
    };

    /// <summary>
    /// An element of the list: the id it names (null: none), the text DRF prints for it, or the Python
    /// type name when it cannot be an id at all.
    /// </summary>
    private sealed record Item(long? Id, string Display, string? TypeName);
}

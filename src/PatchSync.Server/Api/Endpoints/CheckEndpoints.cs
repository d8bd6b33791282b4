using System.Data.Common;
using System.Text.RegularExpressions;
using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET/POST /patches/{id}/checks/ and GET /patches/{id}/checks/{check}/.</summary>
internal static partial class CheckEndpoints
{
    private static readonly string[] CheckStates = ["pending", "success", "warning", "fail"];

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("patches/{id:long}/checks/", ListAsync);
        group.MapPost("patches/{id:long}/checks/", CreateAsync);
        group.MapRead("patches/{id:long}/checks/{checkId:long}/", DetailAsync);
    }

    private static async Task ListAsync(HttpContext http, long id, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await Guards.FindPatchAsync(api, connection, id, cancellationToken) is not { } patch)
        {
            return;
        }

        var query = ChildListQueries.Checks(id, patch.ProjectId, QueryValues.Last(http.Request, "state"), QueryValues.Last(http.Request, "context"));
        await ApplyUserAndDatesAsync(connection, query, http.Request, cancellationToken);
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var checks = await RefLoader.ChecksAsync(c, ids, cancellationToken);
            return w =>
            {
                foreach (var cid in ids.Where(checks.ContainsKey))
                {
                    CheckJson.Write(w, api, checks[cid]);
                }
            };
        }, cancellationToken);
    }

    private static async Task DetailAsync(HttpContext http, long id, long checkId, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var checks = await RefLoader.ChecksAsync(connection, [checkId], cancellationToken);
        if (!checks.TryGetValue(checkId, out var check) || check.PatchId != id)
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w => CheckJson.Write(w, api, check));
    }

    private static async Task CreateAsync(HttpContext http, long id, Database database, CheckStore store, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (await Guards.RequireUserAsync(api) is not { } user)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await Guards.FindEditablePatchAsync(api, connection, user, id, cancellationToken) is not { } patch)
        {
            return;
        }

        if (await RequestBody.ReadAsync(http.Request, cancellationToken) is not { } fields)
        {
            await RequestBody.ParseErrorAsync(api);
            return;
        }

        var (values, errors) = ReadCheck(fields);
        if (errors.Count > 0)
        {
            await ApiResponses.FieldErrorsAsync(api, errors);
            return;
        }

        var (state, context, targetUrl, description) = values;
        var checkId = await store.CreateAsync(connection, id, patch.ProjectId, user.Id, state, context, targetUrl, description, cancellationToken);
        var created = await RefLoader.ChecksAsync(connection, [checkId], cancellationToken);
        await ApiResponses.WriteAsync(api, StatusCodes.Status201Created, w => CheckJson.Write(w, api, created[checkId]));
    }

    /// <summary>
    /// A new check's fields as Patchwork's CheckSerializer reads them: no <c>state</c> (or <c>""</c>) is
    /// only "A check must have a state." (checked before any field); otherwise every field's error in one
    /// answer, in field order. <c>state</c> is a label or, as DRF's ChoiceField also takes, the stored
    /// number (<c>0</c>..<c>3</c>, as text or a JSON integer); <c>context</c> is a slug of at most 255
    /// characters, "default" when absent, never null or blank.
    /// </summary>
    private static ((string State, string Context, string? TargetUrl, string? Description) Values, List<(string Field, string Message)> Errors) ReadCheck(
        Dictionary<string, System.Text.Json.JsonElement> fields)
    {
        var errors = new List<(string Field, string Message)>();
        if (!fields.TryGetValue("state", out var stateValue) || (stateValue.ValueKind == System.Text.Json.JsonValueKind.String && stateValue.GetString() == ""))
        {
            errors.Add(("state", "A check must have a state."));
            return (default, errors);
        }

        var stateText = FieldValues.Text(stateValue);
        var state = stateValue.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number
            ? CheckStates.FirstOrDefault(s => s == stateText)
                ?? (int.TryParse(stateText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < CheckStates.Length && stateText == n.ToString(System.Globalization.CultureInfo.InvariantCulture) ? CheckStates[n] : null)
            : null;
        if (stateValue.ValueKind == System.Text.Json.JsonValueKind.Null)
        {
            errors.Add(("state", FieldValues.NotNull));
        }
        else if (state is null)
        {
            errors.Add(("state", $"\"{stateText}\" is not a valid choice."));
        }

        var targetUrl = FieldValues.Text(fields, "target_url");
        if (targetUrl is not null && targetUrl.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(("target_url", FieldValues.NullCharacters));
        }

        var context = "default";
        if (fields.TryGetValue("context", out var contextValue))
        {
            context = FieldValues.Text(contextValue) ?? "";
            if (contextValue.ValueKind == System.Text.Json.JsonValueKind.Null)
            {
                errors.Add(("context", FieldValues.NotNull));
            }
            else if (context.Length == 0)
            {
                errors.Add(("context", "This field may not be blank."));
            }
            else if (FieldValues.CharFieldError(contextValue, 255) is { } error)
            {
                errors.Add(("context", error));
            }
            else if (!SlugPattern().IsMatch(context))
            {
                errors.Add(("context", "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."));
            }
        }

        var description = FieldValues.Text(fields, "description");
        if (description is not null && description.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(("description", FieldValues.NullCharacters));
        }

        return ((state ?? "", context, targetUrl, description), errors);
    }

    /// <summary>
    /// Patchwork's CheckFilterSet besides state and context: <c>user</c> (an id or a username) and the
    /// creation time's <c>since</c>/<c>before</c>, each one value, the last given. A value that matches
    /// nothing gives <c>[]</c>.
    /// </summary>
    private static async Task ApplyUserAndDatesAsync(DbConnection connection, ListQuery query, HttpRequest request, CancellationToken cancellationToken)
    {
        if (QueryValues.Last(request, "user") is { } user)
        {
            var ids = await FilterResolver.ResolveAsync(connection, "users", "lower(username)", [user], cancellationToken);
            if (ids is null)
            {
                query.MatchesNothing = true;
                return;
            }

            query.Where("k.user_id = {0}", ids[0]);
        }

        var dates = PatchworkQuirks.Of(request.HttpContext).FilterDates;
        foreach (var (param, op) in new[] { ("since", ">="), ("before", "<") })
        {
            if (QueryValues.Last(request, param) is { } text)
            {
                if (!dates.TryParse(text, out var micros))
                {
                    query.MatchesNothing = true;
                    return;
                }

                query.Where($"k.date {op} {{0}}", micros);
            }
        }
    }

    // Django's validate_slug: \z, not $, which would let a final newline through.
    [GeneratedRegex(@"^[-a-zA-Z0-9_]+\z")]
    private static partial Regex SlugPattern();
}

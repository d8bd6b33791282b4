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

        var state = FieldValues.Text(fields, "state");
        if (state is null || !CheckStates.Contains(state))
        {
            await ApiResponses.FieldErrorAsync(api, "state", state is null ? "This field is required." : $"\"{state}\" is not a valid choice.");
            return;
        }

        var context = FieldValues.Text(fields, "context") ?? "default";
        if (!SlugPattern().IsMatch(context))
        {
            await ApiResponses.FieldErrorAsync(api, "context", "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens.");
            return;
        }

        foreach (var name in new[] { "target_url", "description" })
        {
            if (FieldValues.Text(fields, name) is { } text && text.Contains('\0', StringComparison.Ordinal))
            {
                await ApiResponses.FieldErrorAsync(api, name, FieldValues.NullCharacters);
                return;
            }
        }

        var checkId = await store.CreateAsync(connection, id, patch.ProjectId, user.Id, state, context, FieldValues.Text(fields, "target_url"), FieldValues.Text(fields, "description"), cancellationToken);
        var created = await RefLoader.ChecksAsync(connection, [checkId], cancellationToken);
        await ApiResponses.WriteAsync(api, StatusCodes.Status201Created, w => CheckJson.Write(w, api, created[checkId]));
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

    [GeneratedRegex("^[-a-zA-Z0-9_]+$")]
    private static partial Regex SlugPattern();
}

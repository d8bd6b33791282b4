using System.Text.RegularExpressions;
using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET/POST /patches/{id}/checks/ and GET /patches/{id}/checks/{check}/.</summary>
public static partial class CheckEndpoints
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

        var query = ChildListQueries.Checks(id, patch.ProjectId, QueryValues.One(http.Request, "state"), QueryValues.One(http.Request, "context"));
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

        var fields = await RequestBody.ReadAsync(http.Request, cancellationToken) ?? [];
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

        var checkId = await store.CreateAsync(id, patch.ProjectId, user.Id, state, context, FieldValues.Text(fields, "target_url"), FieldValues.Text(fields, "description"), cancellationToken);
        var created = await RefLoader.ChecksAsync(connection, [checkId], cancellationToken);
        await ApiResponses.WriteAsync(api, StatusCodes.Status201Created, w => CheckJson.Write(w, api, created[checkId]));
    }

    [GeneratedRegex("^[-a-zA-Z0-9_]+$")]
    private static partial Regex SlugPattern();
}

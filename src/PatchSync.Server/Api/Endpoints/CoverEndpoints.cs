using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /covers/ and /covers/{id}/ (read-only).</summary>
internal static class CoverEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("covers/", ListAsync);
        group.MapRead("covers/{id:long}/", DetailAsync);
    }

    private static async Task ListAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var query = new ListQuery("covers", "c");
        await SubmissionFilters.ApplyAsync(connection, query, http.Request, cancellationToken);
        if (QueryValues.Last(http.Request, "msgid") is { } msgid)
        {
            query.Where("c.msgid = {0}", "<" + msgid.Trim('<', '>') + ">");
        }

        ListParameters.ApplySearch(query, http.Request, database.Dialect, "name");
        ListParameters.ApplyOrder(query, http.Request, "id", "date", "name");
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var rows = await RefLoader.CoversAsync(c, ids, cancellationToken);
            var projects = await RefLoader.ProjectsAsync(c, rows.Values.Select(r => r.ProjectId), cancellationToken);
            return w =>
            {
                foreach (var id in ids.Where(rows.ContainsKey))
                {
                    CoverJson.Write(w, api, projects[rows[id].ProjectId], rows[id]);
                }
            };
        }, cancellationToken);
    }

    private static async Task DetailAsync(HttpContext http, long id, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var covers = await RefLoader.CoversAsync(connection, [id], cancellationToken);
        if (!covers.TryGetValue(id, out var cover))
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        var body = (await RefLoader.QueryByIdsAsync<BodyRow>(connection, "SELECT headers, content FROM cover_bodies WHERE cover_id IN", [id], cancellationToken)).FirstOrDefault() ?? new BodyRow();
        var projects = await RefLoader.ProjectsAsync(connection, [cover.ProjectId], cancellationToken);
        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w => CoverJson.Write(w, api, projects[cover.ProjectId], cover, body));
    }
}

using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /patches/{id}/comments/ and /covers/{id}/comments/ (API 1.1+), in date order.</summary>
public static class CommentEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("patches/{id:long}/comments/", (HttpContext http, long id, Database db, ListResponder r, CancellationToken ct) => ListAsync(http, "patches", "patch_id", id, db, r, ct));
        group.MapGet("covers/{id:long}/comments/", (HttpContext http, long id, Database db, ListResponder r, CancellationToken ct) => ListAsync(http, "covers", "cover_id", id, db, r, ct));
    }

    private static async Task ListAsync(HttpContext http, string parentTable, string parentColumn, long id, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        if (!api.AtLeast(1))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var parent = await RefLoader.QueryByIdsAsync<long>(connection, $"SELECT project_id FROM {parentTable} WHERE id IN", [id], cancellationToken);
        if (parent.Count == 0)
        {
            await ApiResponses.DetailAsync(api, StatusCodes.Status404NotFound, ApiResponses.NotFound);
            return;
        }

        var query = new ListQuery("comments", "c");
        query.Where($"c.{parentColumn} = {{0}}", id);
        query.ProjectScope = [parent[0]];
        query.Order.Add(new OrderColumn("c.date", false));
        query.FinishOrder("c.id");
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var rows = (await RefLoader.QueryByIdsAsync<CommentRow>(c, $"{CommentRow.Select} WHERE c.id IN", ids, cancellationToken)).ToDictionary(r => r.Id);
            var projects = await RefLoader.ProjectsAsync(c, [parent[0]], cancellationToken);
            return w =>
            {
                foreach (var cid in ids.Where(rows.ContainsKey))
                {
                    CommentJson.Write(w, api, projects[parent[0]], rows[cid]);
                }
            };
        }, cancellationToken);
    }
}

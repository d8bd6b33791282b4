using System.Data.Common;
using System.Text.Json;
using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /series/ and /series/{id}/ (read-only).</summary>
internal static class SeriesEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapRead("series/", ListAsync);
        group.MapRead("series/{id:long}/", DetailAsync);
    }

    private static async Task ListAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var query = new ListQuery("series", "se");
        await SubmissionFilters.ApplyAsync(connection, query, http.Request, cancellationToken);
        ListParameters.ApplySearch(query, http.Request, database.Dialect, "name");
        ListParameters.ApplyOrder(query, http.Request, "id", "date", "name");
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var write = await LoadAsync(c, api, ids, cancellationToken);
            return w => write.ForEach(x => x(w));
        }, cancellationToken);
    }

    private static async Task DetailAsync(HttpContext http, long id, Database database, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var write = await LoadAsync(connection, api, [id], cancellationToken);
        if (write.Count == 0)
        {
            await ApiResponses.NotFoundAsync(api);
            return;
        }

        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, write[0]);
    }

    private static async Task<List<Action<Utf8JsonWriter>>> LoadAsync(DbConnection c, ApiContext api, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var series = (await RefLoader.QueryByIdsAsync<SeriesRow>(c, $"{SeriesRow.Select} WHERE se.id IN", ids, cancellationToken)).ToDictionary(s => s.Id);
        var projects = await RefLoader.ProjectsAsync(c, series.Values.Select(s => s.ProjectId), cancellationToken);
        var covers = await RefLoader.CoverRefsAsync(c, series.Values.Where(s => s.CoverId is not null).Select(s => s.CoverId!.Value), cancellationToken);
        var patches = (await RefLoader.QueryByIdsAsync<SubmissionRef>(
                c, $"SELECT {SubmissionRef.Columns} FROM patches WHERE series_id IN", series.Keys, cancellationToken))
            .OrderBy(p => p.Id)
            .ToLookup(p => p.SeriesId);
        return ids.Where(series.ContainsKey).Select(id =>
        {
            var s = series[id];
            return (Action<Utf8JsonWriter>)(w => SeriesJson.Write(
                w, api, projects[s.ProjectId], s, s.CoverId is { } cid ? covers.GetValueOrDefault(cid) : null, patches[s.Id].ToList()));
        }).ToList();
    }
}

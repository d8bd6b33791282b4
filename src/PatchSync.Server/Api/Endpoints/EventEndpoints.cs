using PatchSync.Server.Api.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /events/: newest first; filters project, category, series, patch, cover, actor (1.2+), since, before.</summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder group) => group.MapRead("events/", ListAsync);

    private static async Task ListAsync(HttpContext http, Database database, ListResponder responder, CancellationToken cancellationToken)
    {
        var api = new ApiContext(http);
        var r = http.Request;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var filter = new EventFilter
        {
            Project = QueryValues.Last(r, "project"),
            Category = QueryValues.Last(r, "category"),
            Series = QueryValues.Last(r, "series"),
            Patch = QueryValues.Last(r, "patch"),
            Cover = QueryValues.Last(r, "cover"),
            Actor = QueryValues.Last(r, "actor"),
            Since = QueryValues.Last(r, "since"),
            Before = QueryValues.Last(r, "before"),
            Order = QueryValues.Last(r, "order"),
            Dates = PatchworkQuirks.Of(http).FilterDates,
        };
        var query = await EventQueries.BuildAsync(connection, filter, api.Minor, cancellationToken);
        var prefetch = new EventPagePrefetch();
        await responder.RespondAsync(api, connection, query, async (c, ids, _) =>
        {
            var (ordered, refs) = prefetch.Rows is { } prefetched ? (prefetched, prefetch.Refs) : await LoadAsync(c, ids, cancellationToken);
            return w =>
            {
                foreach (var e in ordered)
                {
                    EventJson.Write(w, api, e, refs);
                }
            };
        }, cancellationToken, prefetch);
    }

    private static async Task<(IReadOnlyList<EventRow> Rows, EventRefs Refs)> LoadAsync(System.Data.Common.DbConnection c, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var rows = await RefLoader.QueryByIdsAsync<EventRow>(c, $"SELECT {EventRow.Columns} FROM events WHERE id IN", ids, cancellationToken);
        var byId = rows.ToDictionary(e => e.Id);
        var ordered = ids.Where(byId.ContainsKey).Select(i => byId[i]).ToList();
        return (ordered, await LoadRefsAsync(c, ordered, cancellationToken));
    }

    public static async Task<EventRefs> LoadRefsAsync(System.Data.Common.DbConnection c, IReadOnlyList<EventRow> events, CancellationToken cancellationToken)
    {
        var refs = new EventRefs();
        foreach (var (k, v) in await RefLoader.ProjectsAsync(c, events.Select(e => e.ProjectId), cancellationToken))
        {
            refs.Projects[k] = v;
        }

        var userIds = events.SelectMany(e => new[] { e.ActorId, e.PreviousDelegateId, e.CurrentDelegateId }).Where(i => i is not null).Select(i => i!.Value);
        foreach (var (k, v) in await RefLoader.UsersAsync(c, userIds, cancellationToken))
        {
            refs.Users[k] = v;
        }

        foreach (var (k, v) in await RefLoader.PatchRefsAsync(c, events.Where(e => e.PatchId is not null).Select(e => e.PatchId!.Value), cancellationToken))
        {
            refs.Patches[k] = v;
        }

        foreach (var (k, v) in await RefLoader.CoverRefsAsync(c, events.Where(e => e.CoverId is not null).Select(e => e.CoverId!.Value), cancellationToken))
        {
            refs.Covers[k] = v;
        }

        foreach (var (k, v) in await RefLoader.SeriesRefsAsync(c, events.Where(e => e.SeriesId is not null).Select(e => e.SeriesId!.Value), cancellationToken))
        {
            refs.Series[k] = v;
        }

        foreach (var (k, v) in await RefLoader.ChecksAsync(c, events.Where(e => e.CheckId is not null).Select(e => e.CheckId!.Value), cancellationToken))
        {
            refs.Checks[k] = v;
        }

        foreach (var (k, v) in await RefLoader.CommentsAsync(c, events.Where(e => e.CommentId is not null).Select(e => e.CommentId!.Value), cancellationToken))
        {
            refs.Comments[k] = v;
        }

        return refs;
    }
}

using System.Data.Common;
using Dapper;
using PatchSync.Server.Api.Json;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// An events page and everything it embeds (projects, users, patches, covers, series, checks,
/// comments), read with the list's head on PostgreSQL (<see cref="PagePrefetch"/>): one statement
/// per kind, each finding its ids through the page's events.
/// </summary>
internal sealed class EventPagePrefetch : PagePrefetch
{
    /// <summary>The page's events in page order, when they were read with the head; null otherwise.</summary>
    public IReadOnlyList<EventRow>? Rows { get; private set; }

    /// <summary>What <see cref="Rows"/> embed.</summary>
    public EventRefs Refs { get; private set; } = new();

    public override IReadOnlyList<string> Statements(string idCondition)
    {
        string Through(string column) => $"IN (SELECT e.{column} FROM events e WHERE e.id {idCondition})";
        return
        [
            $"SELECT {EventRow.Columns} FROM events WHERE id {idCondition}",
            $"SELECT {ProjectRow.Columns} FROM projects WHERE id {Through("project_id")}",
            $"SELECT {UserRow.Columns} FROM users WHERE id IN (SELECT unnest(ARRAY[e.actor_id, e.previous_delegate_id, e.current_delegate_id]) FROM events e WHERE e.id {idCondition})",
            $"SELECT {SubmissionRef.Columns} FROM patches WHERE id {Through("patch_id")}",
            $"SELECT {SubmissionRef.Columns} FROM covers WHERE id {Through("cover_id")}",
            $"SELECT id, name, date, version FROM series WHERE id {Through("series_id")}",
            $"{CheckRow.Select} WHERE k.id {Through("check_id")}",
            $"{CommentRow.Select} WHERE c.id {Through("comment_id")}",
        ];
    }

    public override async Task<bool> ReadAsync(DbDataReader reader, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var events = await ReadAllAsync<EventRow>(reader, cancellationToken);
        var refs = new EventRefs();
        await NextAsync(reader, refs.Projects, (ProjectRow p) => p.Id, cancellationToken);
        await NextAsync(reader, refs.Users, (UserRow u) => u.Id, cancellationToken);
        await NextAsync(reader, refs.Patches, (SubmissionRef s) => s.Id, cancellationToken);
        await NextAsync(reader, refs.Covers, (SubmissionRef s) => s.Id, cancellationToken);
        await NextAsync(reader, refs.Series, (SeriesRef s) => s.Id, cancellationToken);
        await NextAsync(reader, refs.Checks, (CheckRow c) => c.Id, cancellationToken);
        await NextAsync(reader, refs.Comments, (CommentRow c) => c.Id, cancellationToken);

        var byId = events.ToDictionary(e => e.Id);
        var ordered = ids.Where(byId.ContainsKey).Select(i => byId[i]).ToList();

        // A write between the statements can make them see different pages: then read by id instead.
        if (ordered.Count != ids.Count || !ordered.All(e => refs.Projects.ContainsKey(e.ProjectId)))
        {
            Discard();
            return false;
        }

        Rows = ordered;
        Refs = refs;
        return true;
    }

    public override void Discard()
    {
        Rows = null;
        Refs = new EventRefs();
    }

    private static async Task<List<T>> ReadAllAsync<T>(DbDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var parse = reader.GetRowParser<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(parse(reader));
        }

        return rows;
    }

    private static async Task NextAsync<T>(DbDataReader reader, Dictionary<long, T> into, Func<T, long> id, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken);
        foreach (var row in await ReadAllAsync<T>(reader, cancellationToken))
        {
            into[id(row)] = row;
        }
    }
}

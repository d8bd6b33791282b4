using System.Data.Common;
using Dapper;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>Batch loads of the rows a page embeds (one query per kind, by primary key).</summary>
internal static class RefLoader
{
    public static async Task<Dictionary<long, ProjectRow>> ProjectsAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<ProjectRow>(connection, $"SELECT {ProjectRow.Columns} FROM projects WHERE id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, UserRow>> UsersAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<UserRow>(connection, $"SELECT {UserRow.Columns} FROM users WHERE id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, PersonRow>> PeopleAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<PersonRow>(connection, $"SELECT {PersonRow.Columns} FROM people WHERE id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, CoverRow>> CoversAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<CoverRow>(connection, $"{CoverRow.Select} WHERE c.id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, SubmissionRef>> PatchRefsAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<SubmissionRef>(connection, $"SELECT {SubmissionRef.Columns} FROM patches WHERE id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, SubmissionRef>> CoverRefsAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<SubmissionRef>(connection, $"SELECT {SubmissionRef.Columns} FROM covers WHERE id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, SeriesRef>> SeriesRefsAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<SeriesRef>(connection, "SELECT id, name, date, version FROM series WHERE id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, CheckRow>> ChecksAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<CheckRow>(connection, $"{CheckRow.Select} WHERE k.id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    public static async Task<Dictionary<long, CommentRow>> CommentsAsync(DbConnection connection, IEnumerable<long> ids, CancellationToken cancellationToken) =>
        (await QueryByIdsAsync<CommentRow>(connection, $"{CommentRow.Select} WHERE c.id IN", ids, cancellationToken)).ToDictionary(p => p.Id);

    /// <summary>Runs <c>sqlPrefix (id, id, …)</c>; ids are numbers from our own rows, inlined.</summary>
    public static async Task<List<T>> QueryByIdsAsync<T>(DbConnection connection, string sqlPrefix, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        var rows = await connection.QueryAsync<T>(new CommandDefinition(
            $"{sqlPrefix} ({string.Join(",", distinct)})", cancellationToken: cancellationToken));
        return rows.AsList();
    }
}

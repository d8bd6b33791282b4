using System.Data.Common;
using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Bookkeeping every write does inside its own transaction: the per-project change counter (the ETag
/// of list pages), the per-(project, state, archived) patch counts and the per-project row counts.
/// </summary>
internal static class ChangeTracker
{
    /// <summary>
    /// Bumps the project's change counter and, unless the caller knows the write left every patch
    /// filter's matches and order as they were (<paramref name="patchListChanged"/> false), its patch
    /// list counter (see <see cref="ChangeVersion.PatchListSql"/>).
    /// </summary>
    public static Task BumpProjectAsync(DbConnection connection, DbTransaction transaction, long projectId, CancellationToken cancellationToken, bool patchListChanged = true) =>
        connection.ExecuteAsync(new CommandDefinition(
            patchListChanged
                ? "UPDATE projects SET change_seq = change_seq + 1, patch_list_seq = patch_list_seq + 1 WHERE id = @projectId"
                : "UPDATE projects SET change_seq = change_seq + 1 WHERE id = @projectId",
            new { projectId },
            transaction,
            cancellationToken: cancellationToken));

    public static Task AddPatchCountAsync(DbConnection connection, DbTransaction transaction, long projectId, long stateId, bool archived, long delta, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO patch_counts (project_id, state_id, archived, n) VALUES (@projectId, @stateId, @archived, @delta)
            ON CONFLICT (project_id, state_id, archived) DO UPDATE SET n = patch_counts.n + @delta
            """,
            new { projectId, stateId, archived = archived ? 1L : 0L, delta },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Counts of covers, series and events per project (and per event category).</summary>
    public static Task AddRowCountAsync(DbConnection connection, DbTransaction transaction, long projectId, string kind, long delta, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO row_counts (project_id, kind, n) VALUES (@projectId, @kind, @delta)
            ON CONFLICT (project_id, kind) DO UPDATE SET n = row_counts.n + @delta
            """,
            new { projectId, kind, delta },
            transaction,
            cancellationToken: cancellationToken));
}

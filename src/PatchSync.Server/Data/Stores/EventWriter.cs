using System.Data.Common;
using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>Writes one event row (and its count) inside the caller's transaction.</summary>
public static class EventWriter
{
    public static async Task<long> WriteAsync(DbConnection connection, DbTransaction transaction, NewEvent e, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO events (project_id, category, date, actor_id, patch_id, cover_id, series_id, comment_id, check_id,
                                previous_state, current_state, previous_delegate_id, current_delegate_id)
            VALUES (@ProjectId, @Category, @Date, @ActorId, @PatchId, @CoverId, @SeriesId, @CommentId, @CheckId,
                    @PreviousState, @CurrentState, @PreviousDelegateId, @CurrentDelegateId)
            RETURNING id
            """,
            e,
            transaction,
            cancellationToken: cancellationToken));
        await ChangeTracker.AddRowCountAsync(connection, transaction, e.ProjectId, "event", 1, cancellationToken);
        await ChangeTracker.AddRowCountAsync(connection, transaction, e.ProjectId, "event:" + e.Category, 1, cancellationToken);
        return id;
    }
}

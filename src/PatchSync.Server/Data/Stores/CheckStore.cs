using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>Creates CI checks; the check, its <c>check-created</c> event and the change counter commit together.</summary>
internal sealed class CheckStore(TimeProvider clock)
{
    /// <summary>
    /// Creates the check on the request's own open connection (with no transaction on it), so a
    /// request never holds one pooled connection while it waits for a second (see
    /// <see cref="CommentStore.SetAddressedAsync"/>).
    /// </summary>
    public async Task<long> CreateAsync(
        System.Data.Common.DbConnection connection, long patchId, long projectId, long userId, string state, string context, string? targetUrl, string? description, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = DbTime.Now(clock);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO checks (patch_id, user_id, date, state, target_url, context, description)
            VALUES (@patchId, @userId, @now, @state, @targetUrl, @context, @description) RETURNING id
            """,
            new { patchId, userId, now, state, targetUrl, context, description },
            transaction,
            cancellationToken: cancellationToken));
        await EventWriter.WriteAsync(connection, transaction, new NewEvent(projectId, "check-created", now)
        {
            ActorId = userId,
            PatchId = patchId,
            CheckId = id,
        }, cancellationToken);
        await ChangeTracker.BumpProjectAsync(connection, transaction, projectId, cancellationToken, patchListChanged: false);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }
}

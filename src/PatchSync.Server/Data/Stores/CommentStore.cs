using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>Updates a comment's <c>addressed</c> flag (API 1.3), bumping its project's change counter.</summary>
internal sealed class CommentStore
{
    /// <summary>
    /// Sets the flag in one transaction on the request's own open connection (with no transaction on
    /// it): a request that held one pooled connection while it waited for a second could starve the
    /// pool under concurrent writes (as the patch update does).
    /// </summary>
    public async Task SetAddressedAsync(System.Data.Common.DbConnection connection, long commentId, long projectId, bool? addressed, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE comments SET addressed = @value WHERE id = @commentId",
            new { value = addressed is { } a ? (a ? 1L : 0L) : (long?)null, commentId },
            transaction,
            cancellationToken: cancellationToken));
        await ChangeTracker.BumpProjectAsync(connection, transaction, projectId, cancellationToken, patchListChanged: false);
        await transaction.CommitAsync(cancellationToken);
    }
}

using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>Updates a comment's <c>addressed</c> flag (API 1.3), bumping its project's change counter.</summary>
internal sealed class CommentStore(Database database)
{
    public async Task SetAddressedAsync(long commentId, long projectId, bool? addressed, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
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

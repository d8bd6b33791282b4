namespace PatchSync.Sync.State;

/// <summary>
/// The state the engine keeps between runs, per scope (one tracker project): what was last synced per
/// patch, the last seen tags per message, checkpoints, the outbox of pushes, the conflicts log and the
/// runs log. <see cref="CommitAsync"/> writes one <see cref="StateCommit"/> in one transaction, so a run
/// killed at any point leaves the state consistent.
/// </summary>
public interface ISyncStateStore
{
    /// <summary>Loads everything the engine needs for one scope (empty state for a scope never synced).</summary>
    Task<ProjectState> LoadAsync(string scope, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="commit"/> atomically.</summary>
    Task CommitAsync(string scope, StateCommit commit, CancellationToken cancellationToken);
}

namespace PatchSync.Sync.Persistence;

/// <summary>
/// The state the engine keeps between runs, per project scope: what was last synced per patch, the last
/// seen tags per message, checkpoints, the outbox of pushes and the conflicts log; plus the runs log.
/// <see cref="CommitAsync"/> writes one <see cref="StateCommit"/> in one transaction, so a run killed at
/// any point leaves the state consistent. <see cref="StateStoreAdapter"/> puts this on the SQLite
/// <c>PatchSync.State.StateStore</c>.
/// </summary>
public interface ISyncStateStore
{
    /// <summary>Loads everything the engine needs for one scope (empty state for a scope never synced).</summary>
    Task<ProjectState> LoadAsync(StateScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Checkpoints and outbox only, with <see cref="ProjectState.Patches"/> and <see cref="ProjectState.Messages"/>
    /// empty: an incremental run then asks for the few patches and messages it touches.
    /// </summary>
    Task<ProjectState> LoadHeaderAsync(StateScope scope, CancellationToken cancellationToken);

    /// <summary>The stored patches among <paramref name="patchIds"/>.</summary>
    Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesAsync(StateScope scope, IReadOnlyCollection<long> patchIds, CancellationToken cancellationToken);

    /// <summary>The stored patches whose mail is one of <paramref name="messageIds"/>.</summary>
    Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesByMessageAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);

    /// <summary>The last seen tags of those of <paramref name="messageIds"/> the store has seen.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadMessageTagsAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="commit"/> atomically.</summary>
    Task CommitAsync(StateScope scope, StateCommit commit, CancellationToken cancellationToken);

    /// <summary>Opens an entry in the runs log.</summary>
    Task<long> BeginRunAsync(CancellationToken cancellationToken);

    /// <summary>Closes the runs log entry <paramref name="runId"/>.</summary>
    Task EndRunAsync(long runId, RunSummary summary, CancellationToken cancellationToken);
}

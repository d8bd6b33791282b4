namespace PatchSync.Core.Ports;

/// <summary>
/// The state the engine keeps between runs, per project scope: what was last synced per patch, the last
/// seen tags per message, checkpoints, the outbox of pushes and the conflicts log; plus the runs log.
/// <see cref="CommitAsync"/> writes one <see cref="StateCommit"/> in one transaction, so a run killed at
/// any point leaves the state consistent. <c>PatchSync.State</c>'s SQLite store implements it.
/// </summary>
public interface IStateStore
{
    /// <summary>Loads everything the engine needs for one scope (empty state for a scope never synced).</summary>
    /// <param name="scope">The project's scope.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<ProjectState> LoadAsync(StateScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Checkpoints and outbox only, with <see cref="ProjectState.Patches"/> and <see cref="ProjectState.Messages"/>
    /// empty: an incremental run then asks for the few patches and messages it touches.
    /// </summary>
    /// <param name="scope">The project's scope.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<ProjectState> LoadHeaderAsync(StateScope scope, CancellationToken cancellationToken);

    /// <summary>The stored patches among <paramref name="patchIds"/>, by patch id.</summary>
    /// <param name="scope">The project's scope.</param>
    /// <param name="patchIds">The tracker's patch ids to look up.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesAsync(StateScope scope, IReadOnlyCollection<long> patchIds, CancellationToken cancellationToken);

    /// <summary>The stored patches whose mail is one of <paramref name="messageIds"/>, by patch id.</summary>
    /// <param name="scope">The project's scope.</param>
    /// <param name="messageIds">Message-IDs without angle brackets.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesByMessageAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);

    /// <summary>The last seen tags of those of <paramref name="messageIds"/> the scope's mail store has seen.</summary>
    /// <param name="scope">The project's scope (its <see cref="StateScope.Store"/> counts).</param>
    /// <param name="messageIds">Message-IDs without angle brackets.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadMessageTagsAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="commit"/> atomically: all of it or, on any failure, nothing.</summary>
    /// <param name="scope">The project's scope.</param>
    /// <param name="commit">What to write.</param>
    /// <param name="cancellationToken">Stops before the commit.</param>
    Task CommitAsync(StateScope scope, StateCommit commit, CancellationToken cancellationToken);

    /// <summary>Opens an entry in the runs log (committed at once, so an interrupted run shows as such).</summary>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>The run id for <see cref="EndRunAsync"/>.</returns>
    Task<long> BeginRunAsync(CancellationToken cancellationToken);

    /// <summary>Closes the runs log entry <paramref name="runId"/>.</summary>
    /// <param name="runId">The id <see cref="BeginRunAsync"/> returned.</param>
    /// <param name="summary">How the run ended.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    Task EndRunAsync(long runId, RunSummary summary, CancellationToken cancellationToken);
}

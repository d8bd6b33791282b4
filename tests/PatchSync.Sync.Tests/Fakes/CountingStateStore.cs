namespace PatchSync.Sync.Tests.Fakes;

/// <summary>The real state store, counting how much of it each run loads.</summary>
internal sealed class CountingStateStore(IStateStore inner) : IStateStore
{
    public int FullLoads { get; private set; }

    public int PatchesLoaded { get; private set; }

    public int MessagesLoaded { get; private set; }

    /// <summary>Calls that looked patches up by id (found or not).</summary>
    public int PatchLookups { get; private set; }

    public async Task<ProjectState> LoadAsync(StateScope scope, CancellationToken cancellationToken)
    {
        FullLoads++;
        var state = await inner.LoadAsync(scope, cancellationToken);
        PatchesLoaded += state.Patches.Count;
        MessagesLoaded += state.Messages.Count;
        return state;
    }

    public Task<ProjectState> LoadHeaderAsync(StateScope scope, CancellationToken cancellationToken) =>
        inner.LoadHeaderAsync(scope, cancellationToken);

    public async Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesAsync(StateScope scope, IReadOnlyCollection<long> patchIds, CancellationToken cancellationToken)
    {
        PatchLookups++;
        var found = await inner.LoadPatchesAsync(scope, patchIds, cancellationToken);
        PatchesLoaded += found.Count;
        return found;
    }

    public async Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesByMessageAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        var found = await inner.LoadPatchesByMessageAsync(scope, messageIds, cancellationToken);
        PatchesLoaded += found.Count;
        return found;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadMessageTagsAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        var found = await inner.LoadMessageTagsAsync(scope, messageIds, cancellationToken);
        MessagesLoaded += found.Count;
        return found;
    }

    public Task CommitAsync(StateScope scope, StateCommit commit, CancellationToken cancellationToken) =>
        inner.CommitAsync(scope, commit, cancellationToken);

    public Task<long> BeginRunAsync(CancellationToken cancellationToken) => inner.BeginRunAsync(cancellationToken);

    public Task EndRunAsync(long runId, RunSummary summary, CancellationToken cancellationToken) =>
        inner.EndRunAsync(runId, summary, cancellationToken);
}

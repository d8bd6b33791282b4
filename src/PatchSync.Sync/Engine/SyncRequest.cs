namespace PatchSync.Sync.Engine;

/// <summary>What one run should do.</summary>
/// <param name="Projects">The projects to sync, in order.</param>
public sealed record SyncRequest(IReadOnlyList<SyncProject> Projects)
{
    /// <summary>List everything since the epoch instead of reading changes (also re-reads all mail).</summary>
    public bool Full { get; init; }

    /// <summary>Overrides the projects' epoch (<c>--epoch</c>).</summary>
    public DateTimeOffset? Epoch { get; init; }

    /// <summary>Plan only: read both sides, write nothing anywhere (not even the state store).</summary>
    public bool DryRun { get; init; }

    /// <summary>Keep every planned action in the report (always kept for a dry run); off, only counts are kept.</summary>
    public bool KeepPlan { get; init; }

    /// <summary>Patches planned, carried out and committed together (see <see cref="SyncDefaults.ChunkSize"/>).</summary>
    public int ChunkSize { get; init; } = SyncDefaults.ChunkSize;

    /// <summary>Receives progress (phase and counts) for a progress bar or log lines.</summary>
    public IProgress<SyncProgress>? Progress { get; init; }

    /// <summary>
    /// Called after every side effect (state commit, tracker push, mail write). Tests throw from it to
    /// interrupt a run after step N, the way isync tests its journal.
    /// </summary>
    public Func<SyncStep, CancellationToken, ValueTask>? AfterStep { get; init; }
}

namespace PatchSync.State.Model;

/// <summary>A summary of the state store for <c>pwsync status</c>.</summary>
/// <param name="LastRun">The most recent run (possibly still running or interrupted), or null if none.</param>
/// <param name="Projects">Per tracker project: patch counts per state.</param>
/// <param name="OutboxSize">Pushes written but not yet confirmed.</param>
/// <param name="ConflictCount">Rows in the conflicts log.</param>
/// <param name="RecentConflicts">The newest conflicts, newest first (at most 10).</param>
public sealed record StateStatus(
    RunRecord? LastRun,
    IReadOnlyList<ProjectStatus> Projects,
    int OutboxSize,
    long ConflictCount,
    IReadOnlyList<ConflictRecord> RecentConflicts)
{
    /// <summary>Outbox entries whose push failed at least once (attempts and last error), most attempts first (at most 10).</summary>
    public IReadOnlyList<OutboxEntry> FailingPushes { get; init; } = [];
}

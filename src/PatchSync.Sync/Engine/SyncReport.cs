namespace PatchSync.Sync.Engine;

/// <summary>What a run did, per project.</summary>
/// <param name="Projects">Each project's report, in the config's order.</param>
/// <param name="DryRun">True when nothing was written (the plan only).</param>
public sealed record SyncReport(IReadOnlyList<ProjectReport> Projects, bool DryRun);

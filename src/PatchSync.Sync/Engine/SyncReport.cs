namespace PatchSync.Sync.Engine;

/// <summary>What a run did, per project.</summary>
public sealed record SyncReport(IReadOnlyList<ProjectReport> Projects, bool DryRun)
{
    public bool HasErrors => Projects.Any(p => p.Failed);

    public bool HasConflicts => Projects.Any(p => p.Conflicts.Count > 0);
}

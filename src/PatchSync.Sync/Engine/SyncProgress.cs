namespace PatchSync.Sync.Engine;

/// <summary>Progress of one project: the phase and, where known, how far it is.</summary>
public sealed record SyncProgress(string Project, string Phase, long Done, long? Total);

namespace PatchSync.Sync.Engine;

/// <summary>A failure reported by a run: where, and a one-line message safe to print.</summary>
public sealed record SyncError(SyncArea Area, string Message);

namespace PatchSync.Sync.Engine;

/// <summary>Where a failure happened; the CLI turns it into an exit code.</summary>
public enum SyncArea
{
    /// <summary>The tracker (unreachable, server error, refused).</summary>
    Tracker,

    /// <summary>The mail store.</summary>
    Mail,

    /// <summary>The state store.</summary>
    State,

    /// <summary>The request itself (e.g. no epoch for a first sync).</summary>
    Usage,
}

namespace PatchSync.Core.Ports;

/// <summary>The overall outcome of a run.</summary>
public enum RunSummaryOutcome
{
    /// <summary>Every project synced.</summary>
    Succeeded,

    /// <summary>Some projects failed.</summary>
    PartlyFailed,

    /// <summary>Every project failed.</summary>
    Failed,

    /// <summary>Stopped (SIGTERM, Ctrl-C).</summary>
    Cancelled,
}

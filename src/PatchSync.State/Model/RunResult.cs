namespace PatchSync.State.Model;

/// <summary>How a run ended. A run with no end recorded was interrupted (killed, power loss).</summary>
public enum RunResult
{
    /// <summary>Everything planned was done.</summary>
    Succeeded,

    /// <summary>The run finished but some items failed (reported, retried next run).</summary>
    PartlyFailed,

    /// <summary>The run stopped on an error.</summary>
    Failed,

    /// <summary>The run was cancelled (SIGTERM, Ctrl-C).</summary>
    Cancelled,
}

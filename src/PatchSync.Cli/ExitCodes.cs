namespace PatchSync.Cli;

/// <summary>pwsync's exit codes (documented in docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Everything synced (conflicts decided by the rule are printed, not failures).</summary>
    public const int Ok = 0;

    /// <summary>An unexpected internal error.</summary>
    public const int Internal = 1;

    /// <summary>Bad command line or configuration (nothing was contacted).</summary>
    public const int Usage = 2;

    /// <summary>The tracker failed or refused (unreachable, 5xx, 403 on a push).</summary>
    public const int Tracker = 3;

    /// <summary>The mail store failed (connection, login, folder, notmuch).</summary>
    public const int Mail = 4;

    /// <summary>Another pwsync run holds the state lock.</summary>
    public const int Locked = 5;

    /// <summary>The state store could not be opened or written.</summary>
    public const int State = 6;

    /// <summary>Interrupted (SIGINT/SIGTERM) before the run finished; the next run finishes the work.</summary>
    public const int Interrupted = 130;
}

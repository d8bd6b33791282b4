namespace PatchSync.State;

/// <summary>Another pwsync run holds the state store's lock. The message says which file and, if known, which pid.</summary>
public sealed class StateLockedException : Exception
{
    /// <summary>The lock on <paramref name="lockFile"/> is taken, by <paramref name="holderPid"/> when known.</summary>
    public StateLockedException(string lockFile, int? holderPid, Exception? innerException = null)
        : base(
            $"another pwsync run holds the lock on {lockFile}" + (holderPid is { } pid ? $" (pid {pid})" : string.Empty),
            innerException)
    {
        LockFile = lockFile;
        HolderPid = holderPid;
    }

    /// <summary>Standard exception constructor; the lock file is unknown.</summary>
    public StateLockedException()
        : this(string.Empty, (int?)null)
    {
    }

    /// <summary>Standard exception constructor with a ready message; the lock file is unknown.</summary>
    public StateLockedException(string message)
        : base(message)
    {
        LockFile = string.Empty;
    }

    /// <summary>Standard exception constructor with a ready message and its cause; the lock file is unknown.</summary>
    public StateLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
        LockFile = string.Empty;
    }

    /// <summary>The lock file.</summary>
    public string LockFile { get; }

    /// <summary>The holder's process id, when it could be read.</summary>
    public int? HolderPid { get; }
}

namespace PatchSync.Sync.Engine;

/// <summary>A failure of one project's run, tagged with where it happened. Ends that project's run; others go on.</summary>
public sealed class SyncAreaException : Exception
{
    /// <summary>A failure of no particular area (<see cref="SyncArea"/>'s default).</summary>
    public SyncAreaException()
    {
    }

    /// <summary>A failure of no particular area, with its message.</summary>
    /// <param name="message">One line for the user.</param>
    public SyncAreaException(string message)
        : base(message)
    {
    }

    /// <summary>A failure of no particular area, with its message and cause.</summary>
    /// <param name="message">One line for the user.</param>
    /// <param name="innerException">The failure underneath.</param>
    public SyncAreaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A failure in <paramref name="area"/>.</summary>
    /// <param name="area">Where it happened.</param>
    /// <param name="message">One line for the user, naming the server or store.</param>
    /// <param name="innerException">The failure underneath, if any.</param>
    public SyncAreaException(SyncArea area, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Area = area;
    }

    /// <summary>Where the failure happened.</summary>
    public SyncArea Area { get; }
}

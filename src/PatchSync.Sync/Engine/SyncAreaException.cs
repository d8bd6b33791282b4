namespace PatchSync.Sync.Engine;

/// <summary>A failure of one project's run, tagged with where it happened. Ends that project's run; others go on.</summary>
public sealed class SyncAreaException : Exception
{
    public SyncAreaException()
    {
    }

    public SyncAreaException(string message)
        : base(message)
    {
    }

    public SyncAreaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SyncAreaException(SyncArea area, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Area = area;
    }

    public SyncArea Area { get; }
}

namespace PatchSync.Sync.Tracker;

/// <summary>A tracker failure (unreachable, server error, bad answer), with a one-line message safe to print.</summary>
public class TrackerGatewayException : Exception
{
    public TrackerGatewayException()
    {
    }

    public TrackerGatewayException(string message)
        : base(message)
    {
    }

    public TrackerGatewayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

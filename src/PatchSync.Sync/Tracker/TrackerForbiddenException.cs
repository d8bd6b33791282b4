namespace PatchSync.Sync.Tracker;

/// <summary>
/// The tracker refused a change because the token's user may not make it (not a maintainer of the
/// project). Not retried: the engine reports it once per project and sets the mail back.
/// </summary>
public sealed class TrackerForbiddenException : TrackerGatewayException
{
    public TrackerForbiddenException()
    {
    }

    public TrackerForbiddenException(string message)
        : base(message)
    {
    }

    public TrackerForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace PatchSync.Sync.Tracker;

/// <summary>
/// The tracker accepted an update (2xx) but its answer does not show the change, as Patchwork does when it
/// reads an empty body: the push failed, whatever the status said. The message is one line, without the token.
/// </summary>
public sealed class TrackerPushNotAppliedException : TrackerGatewayException
{
    public TrackerPushNotAppliedException()
    {
    }

    public TrackerPushNotAppliedException(string message)
        : base(message)
    {
    }

    public TrackerPushNotAppliedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

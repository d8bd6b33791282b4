namespace PatchSync.Sync.Tracker;

/// <summary>
/// The tracker answered a change with success but the patch it answered does not hold the change (real
/// Patchwork does this when it reads no request body). The push failed: the engine keeps it in the outbox
/// and tries again on the next run.
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

namespace PatchSync.Core.Ports;

/// <summary>
/// The tracker answered a change with success but the patch it answered does not hold the change (real
/// Patchwork does this when it reads no request body). The push failed: the engine keeps it in the outbox
/// and tries again on the next run.
/// </summary>
public sealed class TrackerPushNotAppliedException : TrackerFailureException
{
    /// <summary>An exception with the default message.</summary>
    public TrackerPushNotAppliedException()
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>.</summary>
    public TrackerPushNotAppliedException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public TrackerPushNotAppliedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace PatchSync.Tracker;

/// <summary>The tracker could not be reached or kept failing: retries exhausted, circuit open, timeout, TLS failure.</summary>
public sealed class TrackerUnavailableException : TrackerException
{
    public TrackerUnavailableException()
    {
    }

    public TrackerUnavailableException(string message)
        : base(message)
    {
    }

    public TrackerUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The host that failed.</summary>
    public string? Host { get; init; }
}

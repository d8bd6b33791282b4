namespace PatchSync.Tracker;

/// <summary>The tracker could not be reached or kept failing: retries exhausted, circuit open, timeout, TLS failure.</summary>
public sealed class TrackerUnavailableException : TrackerException
{
    /// <summary>Standard exception constructor, without a message.</summary>
    public TrackerUnavailableException()
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/>.</summary>
    public TrackerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/> and the failure that caused it.</summary>
    public TrackerUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The host that failed.</summary>
    public string? Host { get; init; }
}

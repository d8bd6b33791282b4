namespace PatchSync.Tracker;

/// <summary>
/// Base of every error the tracker client reports. Messages are one line, name the URL or host and
/// never contain the token.
/// </summary>
public class TrackerException : Exception
{
    /// <summary>An error with a ready one-line <paramref name="message"/> and the failure that caused it.</summary>
    public TrackerException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Standard exception constructor, without a message.</summary>
    public TrackerException()
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/>.</summary>
    public TrackerException(string message)
        : base(message)
    {
    }

    /// <summary>The HTTP status, when the error came from a response.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The request URL (without user info), when known.</summary>
    public string? Url { get; init; }
}

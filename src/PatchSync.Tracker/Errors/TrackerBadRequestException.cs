namespace PatchSync.Tracker;

/// <summary>400 with the server's own message, e.g. <c>state: Invalid state foo. Expected one of: …</c>.</summary>
public sealed class TrackerBadRequestException : TrackerException
{
    /// <summary>Standard exception constructor, without a message.</summary>
    public TrackerBadRequestException()
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/>.</summary>
    public TrackerBadRequestException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/> and the failure that caused it.</summary>
    public TrackerBadRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server's messages per field (<c>detail</c> for non-field errors).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();
}

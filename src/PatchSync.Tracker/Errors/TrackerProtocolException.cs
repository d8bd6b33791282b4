namespace PatchSync.Tracker;

/// <summary>The server answered something that is not the expected JSON (malformed, truncated, wrong content type).</summary>
public sealed class TrackerProtocolException : TrackerException
{
    /// <summary>Standard exception constructor, without a message.</summary>
    public TrackerProtocolException()
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/>.</summary>
    public TrackerProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/> and the failure that caused it.</summary>
    public TrackerProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset into the body where parsing failed, when known.</summary>
    public long? BytePosition { get; init; }
}

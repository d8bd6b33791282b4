namespace PatchSync.Tracker;

/// <summary>The server answered something that is not the expected JSON (malformed, truncated, wrong content type).</summary>
public sealed class TrackerProtocolException : TrackerException
{
    public TrackerProtocolException()
    {
    }

    public TrackerProtocolException(string message)
        : base(message)
    {
    }

    public TrackerProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset into the body where parsing failed, when known.</summary>
    public long? BytePosition { get; init; }
}

namespace PatchSync.Tracker;

/// <summary>403 (or 401): missing token, rejected token, or not allowed; see <see cref="Failure"/>.</summary>
public sealed class TrackerAuthException : TrackerException
{
    public TrackerAuthException(string message, TrackerAuthFailure failure)
        : base(message) => Failure = failure;

    public TrackerAuthException()
    {
    }

    public TrackerAuthException(string message)
        : base(message)
    {
    }

    public TrackerAuthException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public TrackerAuthFailure Failure { get; }
}

namespace PatchSync.Tracker;

/// <summary>403 (or 401): missing token, rejected token, or not allowed; see <see cref="Failure"/>.</summary>
public sealed class TrackerAuthException : TrackerException
{
    /// <summary>An error with a ready one-line <paramref name="message"/> and what kind of refusal it was.</summary>
    public TrackerAuthException(string message, TrackerAuthFailure failure)
        : base(message) => Failure = failure;

    /// <summary>Standard exception constructor, without a message.</summary>
    public TrackerAuthException()
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/>.</summary>
    public TrackerAuthException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/> and the failure that caused it.</summary>
    public TrackerAuthException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the request was refused: no token, a rejected token, or not allowed.</summary>
    public TrackerAuthFailure Failure { get; }
}

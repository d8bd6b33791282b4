namespace PatchSync.Tracker;

/// <summary>404, or a project that does not exist; the message names what and where.</summary>
public sealed class TrackerNotFoundException : TrackerException
{
    /// <summary>Standard exception constructor, without a message.</summary>
    public TrackerNotFoundException()
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/>.</summary>
    public TrackerNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/> and the failure that caused it.</summary>
    public TrackerNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

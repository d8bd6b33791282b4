namespace PatchSync.Tracker;

/// <summary>404, or a project that does not exist; the message names what and where.</summary>
public sealed class TrackerNotFoundException : TrackerException
{
    public TrackerNotFoundException()
    {
    }

    public TrackerNotFoundException(string message)
        : base(message)
    {
    }

    public TrackerNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

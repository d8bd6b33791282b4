namespace PatchSync.Core.Ports;

/// <summary>
/// A tracker failure (unreachable, server error, bad answer) as <see cref="ITracker"/> reports it, with a
/// one-line message safe to print. The base of the port's other tracker exceptions.
/// </summary>
public class TrackerFailureException : Exception
{
    /// <summary>An exception with the default message.</summary>
    public TrackerFailureException()
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>.</summary>
    public TrackerFailureException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public TrackerFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

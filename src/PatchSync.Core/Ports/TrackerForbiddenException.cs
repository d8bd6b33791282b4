namespace PatchSync.Core.Ports;

/// <summary>
/// The tracker refused a change because the token's user may not make it (not a maintainer of the
/// project). Not retried: the engine reports it once per project and sets the mail back.
/// </summary>
public sealed class TrackerForbiddenException : TrackerFailureException
{
    /// <summary>An exception with the default message.</summary>
    public TrackerForbiddenException()
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>.</summary>
    public TrackerForbiddenException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a one-line <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public TrackerForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

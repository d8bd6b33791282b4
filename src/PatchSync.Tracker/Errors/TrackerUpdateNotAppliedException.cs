namespace PatchSync.Tracker;

/// <summary>
/// A PATCH was answered with success, but the patch in the answer does not hold what was asked. Real
/// Patchwork does this when it reads no body (a chunked request, no <c>Content-Type</c>): 200 with the
/// patch unchanged. Treating that answer as success would lose the change silently.
/// </summary>
public sealed class TrackerUpdateNotAppliedException : TrackerException
{
    /// <summary>Standard exception constructor, without a message.</summary>
    public TrackerUpdateNotAppliedException()
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/>.</summary>
    public TrackerUpdateNotAppliedException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a ready one-line <paramref name="message"/> and the failure that caused it.</summary>
    public TrackerUpdateNotAppliedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The patch that was to be changed.</summary>
    public long PatchId { get; init; }

    /// <summary>The patch as the tracker answered it (still unchanged in the fields that differ).</summary>
    public Patch? Answered { get; init; }
}

namespace PatchSync.Core.Ports;

/// <summary>One entry of the tracker's event feed that concerns a patch.</summary>
/// <param name="Id">The event id (used to skip events already seen in the overlap window).</param>
/// <param name="PatchId">The patch the event is about (0 for a series event).</param>
/// <param name="Category">e.g. <c>patch-created</c>, <c>patch-state-changed</c>.</param>
/// <param name="Date">When it happened (UTC).</param>
/// <param name="CurrentState">For a state change, the state it changed to. Informative only: the engine re-reads the patch,
/// since an event does not carry the whole value (an archive that came with the change has no event).</param>
/// <param name="SeriesId">For <c>series-completed</c>, the series that received its last patch.</param>
/// <param name="PreviousState">For a state change, the state the patch held just before it: what a push's own event
/// shows when another client's change landed between the engine's read and its write.</param>
public sealed record TrackerEvent(long Id, long PatchId, string Category, DateTimeOffset Date, string? CurrentState = null, long? SeriesId = null, string? PreviousState = null)
{
    /// <summary>The category of a series' last patch arriving.</summary>
    public const string SeriesCompleted = "series-completed";

    /// <summary>The category of a patch's state change.</summary>
    public const string StateChanged = "patch-state-changed";
}

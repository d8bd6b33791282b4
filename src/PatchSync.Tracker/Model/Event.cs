namespace PatchSync.Tracker;

/// <summary>
/// An entry of <c>/events/</c>. <see cref="Date"/> is when the tracker recorded the change (UTC);
/// <see cref="Actor"/> is present from API 1.2 on.
/// </summary>
public sealed record Event
{
    public long Id { get; init; }

    /// <summary>E.g. <see cref="EventCategories.PatchStateChanged"/>.</summary>
    public string Category { get; init; } = "";
    public Project? Project { get; init; }
    public DateTime Date { get; init; }
    public User? Actor { get; init; }
    public EventPayload Payload { get; init; } = new();
}

namespace PatchSync.Tracker;

/// <summary>
/// An entry of <c>/events/</c>. <see cref="Date"/> is when the tracker recorded the change (UTC);
/// <see cref="Actor"/> is present from API 1.2 on.
/// </summary>
public sealed record Event
{
    /// <summary>The event id (<c>id</c>).</summary>
    public long Id { get; init; }

    /// <summary>E.g. <see cref="EventCategories.PatchStateChanged"/>.</summary>
    public string Category { get; init; } = "";

    /// <summary>The project the event belongs to (<c>project</c>).</summary>
    public Project? Project { get; init; }

    /// <summary>When the tracker recorded the change, UTC (<c>date</c>); what <c>since</c>/<c>before</c> compare.</summary>
    public DateTime Date { get; init; }

    /// <summary>Who made the change (<c>actor</c>, API 1.2+); null on older servers or for changes by mail.</summary>
    public User? Actor { get; init; }

    /// <summary>The category-specific fields (<c>payload</c>).</summary>
    public EventPayload Payload { get; init; } = new();
}

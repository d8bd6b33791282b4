namespace PatchSync.Tracker;

/// <summary>Filters for <see cref="PatchworkClient.ListEventsAsync"/>. Null means "no filter".</summary>
public sealed record EventQuery
{
    /// <summary>
    /// E.g. <see cref="EventCategories.PatchStateChanged"/>; null or empty means every category. Patchwork
    /// filters by one category only (a repeated <c>category</c> keeps the last value), so the client asks
    /// once per category and merges the answers by date.
    /// </summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Project link name or numeric id. Checked to exist before listing.</summary>
    public string? Project { get; init; }

    /// <summary>Only events about this patch id.</summary>
    public long? Patch { get; init; }

    /// <summary>Only events about this series id.</summary>
    public long? Series { get; init; }

    /// <summary>Inclusive; compares the time the tracker recorded the event.</summary>
    public DateTime? Since { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTime? Before { get; init; }

    /// <summary>Server ordering; Patchwork's default is newest first (<c>-date</c>).</summary>
    public string? Order { get; init; }
}

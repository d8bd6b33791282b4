namespace PatchSync.Server.Data.Stores;

/// <summary>
/// The filters of GET /events/ as given: each takes one value, the last given, as in Patchwork 3.1.3
/// (<c>category=A&amp;category=B</c> lists only B: fixtures 56/57).
/// </summary>
internal sealed record EventFilter
{
    public string? Project { get; init; }

    public string? Category { get; init; }

    public string? Series { get; init; }

    public string? Patch { get; init; }

    public string? Cover { get; init; }

    public string? Actor { get; init; }

    public string? Since { get; init; }

    public string? Before { get; init; }

    public string? Order { get; init; }

    /// <summary>How <see cref="Since"/> and <see cref="Before"/> are read.</summary>
    public FilterDates Dates { get; init; } = FilterDates.Utc;
}

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// The filters of GET /patches/ as given. As in Patchwork 3.1.3, only <c>state</c> and
/// <c>submitter</c> take several values (ORed); every other filter takes one value, the last given.
/// </summary>
internal sealed record PatchFilter
{
    public string? Project { get; init; }

    public IReadOnlyList<string> States { get; init; } = [];

    public IReadOnlyList<string> Submitters { get; init; } = [];

    public string? Delegate { get; init; }

    public string? Series { get; init; }

    public string? Archived { get; init; }

    public string? Hash { get; init; }

    public string? Msgid { get; init; }

    public string? Since { get; init; }

    public string? Before { get; init; }

    public string? Q { get; init; }

    public string? Order { get; init; }

    /// <summary>How <see cref="Since"/> and <see cref="Before"/> are read.</summary>
    public FilterDates Dates { get; init; } = FilterDates.Utc;
}

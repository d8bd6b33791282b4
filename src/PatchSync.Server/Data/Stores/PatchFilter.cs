namespace PatchSync.Server.Data.Stores;

/// <summary>The filters of GET /patches/ as given (repeated values are ORed, as in Patchwork 1.1+).</summary>
public sealed record PatchFilter
{
    public IReadOnlyList<string> Projects { get; init; } = [];

    public IReadOnlyList<string> States { get; init; } = [];

    public IReadOnlyList<string> Submitters { get; init; } = [];

    public IReadOnlyList<string> Delegates { get; init; } = [];

    public IReadOnlyList<string> Series { get; init; } = [];

    public string? Archived { get; init; }

    public string? Hash { get; init; }

    public string? Msgid { get; init; }

    public string? Since { get; init; }

    public string? Before { get; init; }

    public string? Q { get; init; }

    public string? Order { get; init; }
}

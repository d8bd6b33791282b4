namespace PatchSync.Server.Data.Stores;

/// <summary>The filters of GET /events/ as given.</summary>
public sealed record EventFilter
{
    public IReadOnlyList<string> Projects { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Series { get; init; } = [];

    public IReadOnlyList<string> Patches { get; init; } = [];

    public IReadOnlyList<string> Covers { get; init; } = [];

    public IReadOnlyList<string> Actors { get; init; } = [];

    public string? Since { get; init; }

    public string? Before { get; init; }

    public string? Order { get; init; }
}

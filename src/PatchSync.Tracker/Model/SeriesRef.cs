namespace PatchSync.Tracker;

/// <summary>A series as embedded in a patch (<c>series</c> is an array of 0 or 1 of these).</summary>
public sealed record SeriesRef
{
    public long Id { get; init; }
    public string? Url { get; init; }
    public string? WebUrl { get; init; }
    public DateTime Date { get; init; }
    public string? Name { get; init; }
    public int Version { get; init; }
    public string? Mbox { get; init; }
}

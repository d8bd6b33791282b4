namespace PatchSync.Tracker;

/// <summary>A series in detail form (<c>/series/{id}/</c>).</summary>
public sealed record Series
{
    public long Id { get; init; }
    public string? Url { get; init; }
    public string? WebUrl { get; init; }
    public Project? Project { get; init; }
    public string? Name { get; init; }
    public DateTime Date { get; init; }
    public Person? Submitter { get; init; }
    public int Version { get; init; }
    public int Total { get; init; }
    public int ReceivedTotal { get; init; }
    public bool ReceivedAll { get; init; }
    public string? Mbox { get; init; }
    public PatchRef? CoverLetter { get; init; }
    public IReadOnlyList<PatchRef> Patches { get; init; } = [];
}

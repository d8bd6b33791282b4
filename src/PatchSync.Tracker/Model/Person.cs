namespace PatchSync.Tracker;

/// <summary>A mail sender known to the tracker (<c>/people/</c>; embedded as a patch's submitter).</summary>
public sealed record Person
{
    public long Id { get; init; }
    public string? Url { get; init; }
    public string? Name { get; init; }
    public string Email { get; init; } = "";
}

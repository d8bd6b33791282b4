namespace PatchSync.Tracker;

/// <summary>A tracker account (<c>/users/</c>; embedded as delegate, event actor, project maintainer).</summary>
public sealed record User
{
    public long Id { get; init; }
    public string? Url { get; init; }
    public string Username { get; init; } = "";
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
}

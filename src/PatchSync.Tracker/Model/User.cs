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

    /// <summary>
    /// The user's settings: only in the token's own record (<c>/users/{id}/</c>, API 1.2+), so its presence
    /// tells the token's user apart from every other account without any write.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? Settings { get; init; }
}

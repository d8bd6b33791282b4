namespace PatchSync.Tracker;

/// <summary>A tracker account (<c>/users/</c>; embedded as delegate, event actor, project maintainer).</summary>
public sealed record User
{
    /// <summary>The user id, the key of <c>/users/{id}/</c>.</summary>
    public long Id { get; init; }

    /// <summary>The user's API URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The login name (<c>username</c>); delegates are matched by it.</summary>
    public string Username { get; init; } = "";

    /// <summary>The first name (<c>first_name</c>), if set.</summary>
    public string? FirstName { get; init; }

    /// <summary>The last name (<c>last_name</c>), if set.</summary>
    public string? LastName { get; init; }

    /// <summary>The account's address (<c>email</c>), if the server shows it.</summary>
    public string? Email { get; init; }

    /// <summary>
    /// The user's settings: only in the token's own record (<c>/users/{id}/</c>, API 1.2+), so its presence
    /// tells the token's user apart from every other account without any write.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject? Settings { get; init; }
}

namespace PatchSync.Tracker;

/// <summary>A mail sender known to the tracker (<c>/people/</c>; embedded as a patch's submitter).</summary>
public sealed record Person
{
    /// <summary>The person id, the key of <c>/people/{id}/</c>.</summary>
    public long Id { get; init; }

    /// <summary>The person's API URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The display name from the mail's From header (<c>name</c>), if any.</summary>
    public string? Name { get; init; }

    /// <summary>The sender address (<c>email</c>).</summary>
    public string Email { get; init; } = "";
}

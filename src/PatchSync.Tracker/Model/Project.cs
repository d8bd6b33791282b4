namespace PatchSync.Tracker;

/// <summary>
/// A tracker project. The same type serves the embedded form (in patches and events) and the
/// detail form (<c>/projects/{id or linkname}/</c>), which adds <see cref="Maintainers"/>.
/// </summary>
public sealed record Project
{
    public long Id { get; init; }
    public string? Url { get; init; }
    public string Name { get; init; } = "";

    /// <summary>The short name used in URLs and the <c>project</c> filter (JSON <c>link_name</c>).</summary>
    public string LinkName { get; init; } = "";
    public string? ListId { get; init; }
    public string? ListEmail { get; init; }
    public string? WebUrl { get; init; }
    public string? ScmUrl { get; init; }
    public string? WebscmUrl { get; init; }
    public string? ListArchiveUrl { get; init; }
    public string? ListArchiveUrlFormat { get; init; }
    public string? CommitUrlFormat { get; init; }

    /// <summary>Only in the detail form.</summary>
    public IReadOnlyList<User>? Maintainers { get; init; }
}

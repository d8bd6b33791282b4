namespace PatchSync.Tracker;

/// <summary>
/// A tracker project. The same type serves the embedded form (in patches and events) and the
/// detail form (<c>/projects/{id or linkname}/</c>), which adds <see cref="Maintainers"/>.
/// </summary>
public sealed record Project
{
    /// <summary>The project id (<c>id</c>).</summary>
    public long Id { get; init; }

    /// <summary>The project's API URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The display name (<c>name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>The short name used in URLs and the <c>project</c> filter (JSON <c>link_name</c>).</summary>
    public string LinkName { get; init; } = "";

    /// <summary>The List-Id the project's mail carries (<c>list_id</c>).</summary>
    public string? ListId { get; init; }

    /// <summary>The list's address (<c>list_email</c>).</summary>
    public string? ListEmail { get; init; }

    /// <summary>The project's home page (<c>web_url</c>).</summary>
    public string? WebUrl { get; init; }

    /// <summary>The repository to clone (<c>scm_url</c>).</summary>
    public string? ScmUrl { get; init; }

    /// <summary>The repository's web view (<c>webscm_url</c>).</summary>
    public string? WebscmUrl { get; init; }

    /// <summary>The list archive (<c>list_archive_url</c>, API 1.2+).</summary>
    public string? ListArchiveUrl { get; init; }

    /// <summary>The archive URL of one message, with <c>{}</c> for its Message-ID (<c>list_archive_url_format</c>, API 1.2+).</summary>
    public string? ListArchiveUrlFormat { get; init; }

    /// <summary>The web URL of one commit, with <c>{}</c> for its hash (<c>commit_url_format</c>, API 1.2+).</summary>
    public string? CommitUrlFormat { get; init; }

    /// <summary>Only in the detail form.</summary>
    public IReadOnlyList<User>? Maintainers { get; init; }
}

namespace PatchSync.Server.Data.Rows;

internal sealed class ProjectRow
{
    public long Id { get; init; }

    public string Linkname { get; init; } = "";

    public string Name { get; init; } = "";

    public string ListId { get; init; } = "";

    public string ListEmail { get; init; } = "";

    public string WebUrl { get; init; } = "";

    public string ScmUrl { get; init; } = "";

    public string WebscmUrl { get; init; } = "";

    public string ListArchiveUrl { get; init; } = "";

    public string ListArchiveUrlFormat { get; init; } = "";

    public string CommitUrlFormat { get; init; } = "";

    public string SubjectMatch { get; init; } = "";

    public const string Columns = "id, linkname, name, list_id, list_email, web_url, scm_url, webscm_url, list_archive_url, list_archive_url_format, commit_url_format, subject_match";
}

using System.Text.Json;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Project objects, embedded and full, field order as Patchwork's serializers.</summary>
internal static class ProjectJson
{
    public static void WriteEmbedded(Utf8JsonWriter w, ApiContext api, ProjectRow p)
    {
        w.WriteStartObject();
        WriteCommon(w, api, p);
        if (api.AtLeast(2))
        {
            WriteArchive(w, p);
        }

        w.WriteEndObject();
    }

    public static void WriteFull(Utf8JsonWriter w, ApiContext api, ProjectRow p, IReadOnlyList<UserRow> maintainers)
    {
        w.WriteStartObject();
        WriteCommon(w, api, p);
        w.WriteStartArray("maintainers");
        foreach (var m in maintainers)
        {
            PeopleJson.WriteUser(w, api, m);
        }

        w.WriteEndArray();
        if (api.AtLeast(1))
        {
            w.WriteString("subject_match", p.SubjectMatch);
        }

        if (api.AtLeast(2))
        {
            WriteArchive(w, p);
        }

        w.WriteEndObject();
    }

    /// <summary>The archive link of a message, or null when the project has no archive format.</summary>
    public static string? ArchiveUrl(ProjectRow p, string msgid) =>
        string.IsNullOrEmpty(p.ListArchiveUrlFormat) ? null : p.ListArchiveUrlFormat.Replace("{}", msgid.Trim('<', '>'), StringComparison.Ordinal);

    private static void WriteCommon(Utf8JsonWriter w, ApiContext api, ProjectRow p)
    {
        w.WriteNumber("id", p.Id);
        w.WriteString("url", api.Api($"projects/{p.Id}/"));
        w.WriteString("name", p.Name);
        w.WriteString("link_name", p.Linkname);
        w.WriteString("list_id", p.ListId);
        w.WriteString("list_email", p.ListEmail);
        w.WriteString("web_url", p.WebUrl);
        w.WriteString("scm_url", p.ScmUrl);
        w.WriteString("webscm_url", p.WebscmUrl);
    }

    private static void WriteArchive(Utf8JsonWriter w, ProjectRow p)
    {
        w.WriteString("list_archive_url", p.ListArchiveUrl);
        w.WriteString("list_archive_url_format", p.ListArchiveUrlFormat);
        w.WriteString("commit_url_format", p.CommitUrlFormat);
    }
}

using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>
/// The fields patches and covers share (Patchwork's serializers write them in the same order), and
/// embedded patches, covers and series (inside lists, series and event payloads).
/// </summary>
internal static class SubmissionJson
{
    public static string MsgidPath(string msgid) => Uri.EscapeDataString(msgid.Trim('<', '>')).Replace("%40", "@", StringComparison.Ordinal);

    public static string PatchWebUrl(ApiContext api, ProjectRow project, string msgid) => api.Web($"project/{project.Linkname}/patch/{MsgidPath(msgid)}/");

    public static string CoverWebUrl(ApiContext api, ProjectRow project, string msgid) => api.Web($"project/{project.Linkname}/cover/{MsgidPath(msgid)}/");

    /// <summary>A patch (<paramref name="kind"/> "patches") or cover ("covers") as embedded elsewhere.</summary>
    public static void WriteEmbedded(Utf8JsonWriter w, ApiContext api, string kind, ProjectRow project, SubmissionRef s)
    {
        var web = kind == "patches" ? PatchWebUrl(api, project, s.Msgid) : CoverWebUrl(api, project, s.Msgid);
        w.WriteStartObject();
        WriteIdentity(w, api, kind, s.Id, web);
        WriteMsgid(w, api, project, s.Msgid);
        w.WriteString("date", DbTime.Format(s.Date));
        w.WriteString("name", s.Name);
        w.WriteString("mbox", web + "mbox/");
        w.WriteEndObject();
    }

    /// <summary>The first fields of a patch or cover: <c>id</c>, <c>url</c> and (1.1+) <c>web_url</c>.</summary>
    public static void WriteIdentity(Utf8JsonWriter w, ApiContext api, string kind, long id, string web)
    {
        w.WriteNumber("id", id);
        w.WriteString("url", api.Api($"{kind}/{id}/"));
        if (api.AtLeast(1))
        {
            w.WriteString("web_url", web);
        }
    }

    /// <summary><c>msgid</c> and (1.2+) the message's <c>list_archive_url</c>, of a patch, cover or comment.</summary>
    public static void WriteMsgid(Utf8JsonWriter w, ApiContext api, ProjectRow project, string msgid)
    {
        w.WriteString("msgid", msgid);
        if (api.AtLeast(2))
        {
            w.WriteString("list_archive_url", ProjectJson.ArchiveUrl(project, msgid));
        }
    }

    /// <summary>The <c>comments</c> link of a patch or cover (1.1+), without the version prefix as in Patchwork.</summary>
    public static void WriteCommentsLink(Utf8JsonWriter w, ApiContext api, string kind, long id)
    {
        if (api.AtLeast(1))
        {
            w.WriteString("comments", api.ApiUnversioned($"{kind}/{id}/comments/"));
        }
    }

    /// <summary>The detail view's <c>headers</c> (stored as JSON) and <c>content</c> of a patch or cover.</summary>
    public static void WriteBody(Utf8JsonWriter w, BodyRow body)
    {
        w.WritePropertyName("headers");
        w.WriteRawValue(body.Headers, skipInputValidation: true);
        w.WriteString("content", body.Content);
    }

    public static void WriteSeriesEmbedded(Utf8JsonWriter w, ApiContext api, ProjectRow project, SeriesRef s)
    {
        w.WriteStartObject();
        w.WriteNumber("id", s.Id);
        w.WriteString("url", api.Api($"series/{s.Id}/"));
        if (api.AtLeast(1))
        {
            w.WriteString("web_url", api.Web($"project/{project.Linkname}/list/?series={s.Id}"));
        }

        w.WriteString("date", DbTime.Format(s.Date));
        w.WriteString("name", s.Name);
        w.WriteNumber("version", s.Version);
        w.WriteString("mbox", api.Web($"series/{s.Id}/mbox/"));
        w.WriteEndObject();
    }

    /// <summary>The <c>series</c> field of patches and covers: an array of zero or one series.</summary>
    public static void WriteSeriesArray(Utf8JsonWriter w, ApiContext api, ProjectRow project, SeriesRef? s)
    {
        w.WriteStartArray("series");
        if (s is not null)
        {
            WriteSeriesEmbedded(w, api, project, s);
        }

        w.WriteEndArray();
    }
}

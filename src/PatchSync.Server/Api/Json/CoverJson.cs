using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Cover letters, list and detail.</summary>
public static class CoverJson
{
    public static void Write(Utf8JsonWriter w, ApiContext api, ProjectRow project, CoverRow c, BodyRow? body = null)
    {
        var web = SubmissionJson.CoverWebUrl(api, project, c.Msgid);
        w.WriteStartObject();
        w.WriteNumber("id", c.Id);
        w.WriteString("url", api.Api($"covers/{c.Id}/"));
        if (api.AtLeast(1))
        {
            w.WriteString("web_url", web);
        }

        w.WritePropertyName("project");
        ProjectJson.WriteEmbedded(w, api, project);
        w.WriteString("msgid", c.Msgid);
        if (api.AtLeast(2))
        {
            w.WriteString("list_archive_url", ProjectJson.ArchiveUrl(project, c.Msgid));
        }

        w.WriteString("date", DbTime.Format(c.Date));
        w.WriteString("name", c.Name);
        w.WritePropertyName("submitter");
        PeopleJson.WritePersonEmbedded(w, api, c.Submitter);
        if (api.AtLeast(1))
        {
            w.WriteString("mbox", web + "mbox/");
        }

        SubmissionJson.WriteSeriesArray(w, api, project, c.Series);
        if (api.AtLeast(1))
        {
            w.WriteString("comments", api.ApiUnversioned($"covers/{c.Id}/comments/"));
        }

        if (body is not null)
        {
            w.WritePropertyName("headers");
            w.WriteRawValue(body.Headers, skipInputValidation: true);
            w.WriteString("content", body.Content);
        }

        w.WriteEndObject();
    }
}

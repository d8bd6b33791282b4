using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Cover letters, list and detail.</summary>
internal static class CoverJson
{
    public static void Write(Utf8JsonWriter w, ApiContext api, ProjectRow project, CoverRow c, BodyRow? body = null)
    {
        var web = SubmissionJson.CoverWebUrl(api, project, c.Msgid);
        w.WriteStartObject();
        SubmissionJson.WriteIdentity(w, api, "covers", c.Id, web);
        w.WritePropertyName("project");
        ProjectJson.WriteEmbedded(w, api, project);
        SubmissionJson.WriteMsgid(w, api, project, c.Msgid);
        w.WriteString("date", DbTime.Format(c.Date));
        w.WriteString("name", c.Name);
        w.WritePropertyName("submitter");
        PeopleJson.WritePersonEmbedded(w, api, c.Submitter);
        if (api.AtLeast(1))
        {
            w.WriteString("mbox", web + "mbox/");
        }

        SubmissionJson.WriteSeriesArray(w, api, project, c.Series);
        SubmissionJson.WriteCommentsLink(w, api, "covers", c.Id);
        if (body is not null)
        {
            SubmissionJson.WriteBody(w, body);
        }

        w.WriteEndObject();
    }
}

using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Comments (replies) on a patch or cover.</summary>
internal static class CommentJson
{
    /// <summary>A comment; the detail view (API 1.3) also carries its own <c>url</c>.</summary>
    public static void Write(Utf8JsonWriter w, ApiContext api, ProjectRow project, CommentRow c, bool detail = false)
    {
        w.WriteStartObject();
        w.WriteNumber("id", c.Id);
        if (detail)
        {
            w.WriteString("url", api.Api(c.PatchId is { } pid ? $"patches/{pid}/comments/{c.Id}/" : $"covers/{c.CoverId}/comments/{c.Id}/"));
        }

        if (api.AtLeast(1))
        {
            w.WriteString("web_url", api.Web($"comment/{c.Id}/"));
        }

        SubmissionJson.WriteMsgid(w, api, project, c.Msgid);

        w.WriteString("date", DbTime.Format(c.Date));
        w.WriteString("subject", c.Subject);
        w.WritePropertyName("submitter");
        PeopleJson.WritePersonEmbedded(w, api, c.Submitter);
        w.WriteString("content", c.Content);
        w.WritePropertyName("headers");
        w.WriteRawValue(c.Headers, skipInputValidation: true);
        if (api.AtLeast(3))
        {
            if (c.Addressed is { } a)
            {
                w.WriteBoolean("addressed", a != 0);
            }
            else
            {
                w.WriteNull("addressed");
            }
        }

        w.WriteEndObject();
    }
}

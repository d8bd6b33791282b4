using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Patch list items and patch detail, as Patchwork's PatchListSerializer/PatchDetailSerializer.</summary>
public static class PatchJson
{
    public static void WriteListItem(Utf8JsonWriter w, ApiContext api, ProjectRow project, PatchRow p, string check, BodyRow? body = null)
    {
        var web = SubmissionJson.PatchWebUrl(api, project, p.Msgid);
        w.WriteStartObject();
        w.WriteNumber("id", p.Id);
        w.WriteString("url", api.Api($"patches/{p.Id}/"));
        if (api.AtLeast(1))
        {
            w.WriteString("web_url", web);
        }

        w.WritePropertyName("project");
        ProjectJson.WriteEmbedded(w, api, project);
        w.WriteString("msgid", p.Msgid);
        if (api.AtLeast(2))
        {
            w.WriteString("list_archive_url", ProjectJson.ArchiveUrl(project, p.Msgid));
        }

        w.WriteString("date", DbTime.Format(p.Date));
        w.WriteString("name", p.Name);
        w.WriteString("commit_ref", p.CommitRef);
        w.WriteString("pull_url", p.PullUrl);
        w.WriteString("state", States.SlugOf(p.StateId));
        w.WriteBoolean("archived", p.Archived != 0);
        w.WriteString("hash", p.Hash);
        w.WritePropertyName("submitter");
        PeopleJson.WritePersonEmbedded(w, api, p.Submitter);
        PeopleJson.WriteUserOrNull(w, api, "delegate", p.Delegate);
        w.WriteString("mbox", web + "mbox/");
        SubmissionJson.WriteSeriesArray(w, api, project, p.Series);
        if (api.AtLeast(1))
        {
            w.WriteString("comments", api.ApiUnversioned($"patches/{p.Id}/comments/"));
        }

        w.WriteString("check", check);
        w.WriteString("checks", api.ApiUnversioned($"patches/{p.Id}/checks/"));
        w.WriteStartObject("tags");
        w.WriteEndObject();
        if (api.AtLeast(2))
        {
            w.WriteStartArray("related");
            w.WriteEndArray();
        }

        if (body is not null)
        {
            w.WritePropertyName("headers");
            w.WriteRawValue(body.Headers, skipInputValidation: true);
            w.WriteString("content", body.Content);
            w.WriteString("diff", body.Diff);
            w.WritePropertyName("prefixes");
            w.WriteRawValue(p.Prefixes, skipInputValidation: true);
        }

        w.WriteEndObject();
    }
}

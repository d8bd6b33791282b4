using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Series, list and detail (same shape in Patchwork).</summary>
internal static class SeriesJson
{
    public static void Write(Utf8JsonWriter w, ApiContext api, ProjectRow project, SeriesRow s, SubmissionRef? cover, IReadOnlyList<SubmissionRef> patches)
    {
        w.WriteStartObject();
        w.WriteNumber("id", s.Id);
        w.WriteString("url", api.Api($"series/{s.Id}/"));
        if (api.AtLeast(1))
        {
            w.WriteString("web_url", api.Web($"project/{project.Linkname}/list/?series={s.Id}"));
        }

        w.WritePropertyName("project");
        ProjectJson.WriteEmbedded(w, api, project);
        w.WriteString("name", s.Name);
        w.WriteString("date", DbTime.Format(s.Date));
        w.WritePropertyName("submitter");
        PeopleJson.WritePersonEmbedded(w, api, s.Submitter);
        w.WriteNumber("version", s.Version);
        w.WriteNumber("total", s.Total);
        w.WriteNumber("received_total", s.ReceivedTotal);
        w.WriteBoolean("received_all", s.ReceivedTotal >= s.Total);
        w.WriteString("mbox", api.Web($"series/{s.Id}/mbox/"));
        w.WritePropertyName("cover_letter");
        if (cover is null)
        {
            w.WriteNullValue();
        }
        else
        {
            SubmissionJson.WriteEmbedded(w, api, "covers", project, cover);
        }

        w.WriteStartArray("patches");
        foreach (var p in patches)
        {
            SubmissionJson.WriteEmbedded(w, api, "patches", project, p);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

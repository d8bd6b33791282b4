using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Events with their category-specific payloads.</summary>
internal static class EventJson
{
    public static void Write(Utf8JsonWriter w, ApiContext api, EventRow e, EventRefs refs)
    {
        var project = refs.Projects[e.ProjectId];
        w.WriteStartObject();
        w.WriteNumber("id", e.Id);
        w.WriteString("category", e.Category);
        w.WritePropertyName("project");
        ProjectJson.WriteEmbedded(w, api, project);
        w.WriteString("date", DbTime.Format(e.Date));
        if (api.AtLeast(2))
        {
            PeopleJson.WriteUserOrNull(w, api, "actor", User(refs, e.ActorId));
        }

        w.WriteStartObject("payload");
        WriteRef(w, api, "patches", "patch", project, e.PatchId, refs.Patches);
        WriteRef(w, api, "covers", "cover", project, e.CoverId, refs.Covers);
        if (e.SeriesId is { } sid && refs.Series.TryGetValue(sid, out var series))
        {
            w.WritePropertyName("series");
            SubmissionJson.WriteSeriesEmbedded(w, api, project, series);
        }

        switch (e.Category)
        {
            case "patch-state-changed":
                w.WriteString("previous_state", e.PreviousState);
                w.WriteString("current_state", e.CurrentState);
                break;
            case "patch-delegated":
                PeopleJson.WriteUserOrNull(w, api, "previous_delegate", User(refs, e.PreviousDelegateId));
                PeopleJson.WriteUserOrNull(w, api, "current_delegate", User(refs, e.CurrentDelegateId));
                break;
            case "patch-relation-changed":
                // Patchwork 3.1.3 never fills these in (its serializer returns None for both).
                w.WriteNull("previous_relation");
                w.WriteNull("current_relation");
                break;
            case "check-created" when e.CheckId is { } cid && refs.Checks.TryGetValue(cid, out var check):
                w.WritePropertyName("check");
                CheckJson.Write(w, api, check);
                break;
            case "patch-comment-created" or "cover-comment-created" when e.CommentId is { } mid && refs.Comments.TryGetValue(mid, out var comment):
                w.WriteStartObject("comment");
                w.WriteNumber("id", comment.Id);
                w.WriteString("url", api.Api(comment.PatchId is { } pid ? $"patches/{pid}/comments/{comment.Id}/" : $"covers/{comment.CoverId}/comments/{comment.Id}/"));
                w.WriteString("web_url", api.Web($"comment/{comment.Id}/"));
                w.WriteString("msgid", comment.Msgid);
                w.WriteString("list_archive_url", ProjectJson.ArchiveUrl(project, comment.Msgid));
                w.WriteString("date", DbTime.Format(comment.Date));
                w.WriteString("name", comment.Subject);
                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static UserRow? User(EventRefs refs, long? id) => id is { } i && refs.Users.TryGetValue(i, out var u) ? u : null;

    private static void WriteRef(Utf8JsonWriter w, ApiContext api, string kind, string name, ProjectRow project, long? id, Dictionary<long, SubmissionRef> map)
    {
        if (id is { } i && map.TryGetValue(i, out var s))
        {
            w.WritePropertyName(name);
            SubmissionJson.WriteEmbedded(w, api, kind, project, s);
        }
    }
}

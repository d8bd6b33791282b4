using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Json;

/// <summary>Patch list items and patch detail, as Patchwork's PatchListSerializer/PatchDetailSerializer.</summary>
internal static class PatchJson
{
    /// <summary>Writes one patch as a list item, or as the patch detail when <paramref name="body"/> is given.</summary>
    /// <param name="w">The writer the object goes to.</param>
    /// <param name="api">The request's API version and base URL.</param>
    /// <param name="project">The patch's project, embedded.</param>
    /// <param name="p">The patch.</param>
    /// <param name="check">The patch's combined check state (<c>check</c>).</param>
    /// <param name="related">The page's related patches; <c>related</c> (1.2+) lists the other patches of the patch's relation.</param>
    /// <param name="partialUpdate">
    /// The answer to a PATCH: DRF's partial update skips a field whose value is missing and that has a
    /// default, so a patch in no relation has no <c>related</c> key there (capture 32), where GET and
    /// PUT show <c>[]</c>. A patch in a relation (even alone in it) shows the key.
    /// </param>
    /// <param name="body">The patch's mail (headers, content, diff, prefixes): given for the detail, null for a list item.</param>
    public static void WriteListItem(Utf8JsonWriter w, ApiContext api, ProjectRow project, PatchRow p, string check, RelatedPatches related, BodyRow? body = null, bool partialUpdate = false)
    {
        var web = SubmissionJson.PatchWebUrl(api, project, p.Msgid);
        w.WriteStartObject();
        SubmissionJson.WriteIdentity(w, api, "patches", p.Id, web);
        w.WritePropertyName("project");
        ProjectJson.WriteEmbedded(w, api, project);
        SubmissionJson.WriteMsgid(w, api, project, p.Msgid);
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
        SubmissionJson.WriteCommentsLink(w, api, "patches", p.Id);
        w.WriteString("check", check);
        w.WriteString("checks", api.ApiUnversioned($"patches/{p.Id}/checks/"));
        w.WriteStartObject("tags");
        w.WriteEndObject();
        if (api.AtLeast(2) && !(partialUpdate && !related.InRelation(p.Id)))
        {
            w.WriteStartArray("related");
            foreach (var other in related.Of(p.Id))
            {
                SubmissionJson.WriteEmbedded(w, api, "patches", related.Projects[other.ProjectId], other);
            }

            w.WriteEndArray();
        }

        if (body is not null)
        {
            SubmissionJson.WriteBody(w, body);
            w.WriteString("diff", body.Diff);
            w.WritePropertyName("prefixes");
            w.WriteRawValue(p.Prefixes, skipInputValidation: true);
        }

        w.WriteEndObject();
    }
}

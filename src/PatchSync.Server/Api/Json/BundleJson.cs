using System.Text;
using System.Text.Json;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>
/// Bundle objects, field order as Patchwork's BundleSerializer: id, url, web_url (1.1+), project
/// (embedded), name, owner (embedded user), patches (embedded, by date), public, mbox.
/// </summary>
internal static class BundleJson
{
    /// <summary>Writes one bundle object.</summary>
    /// <param name="w">The writer the object goes to.</param>
    /// <param name="api">The request's API version and base URL.</param>
    /// <param name="bundle">The bundle.</param>
    /// <param name="owner">The bundle's owner, embedded as a user.</param>
    /// <param name="projects">The bundle's project and its patches' projects, by id.</param>
    /// <param name="patches">The bundle's patches, embedded in the order given.</param>
    public static void Write(
        Utf8JsonWriter w, ApiContext api, BundleRow bundle, UserRow owner, IReadOnlyDictionary<long, ProjectRow> projects, IEnumerable<BundlePatchRow> patches)
    {
        var web = WebUrl(api, owner.Username, bundle.Name);
        w.WriteStartObject();
        w.WriteNumber("id", bundle.Id);
        w.WriteString("url", api.Api($"bundles/{bundle.Id}/"));
        if (api.AtLeast(1))
        {
            w.WriteString("web_url", web);
        }

        w.WritePropertyName("project");
        ProjectJson.WriteEmbedded(w, api, projects[bundle.ProjectId]);
        w.WriteString("name", bundle.Name);
        w.WritePropertyName("owner");
        PeopleJson.WriteUser(w, api, owner);
        w.WriteStartArray("patches");
        foreach (var patch in patches)
        {
            SubmissionJson.WriteEmbedded(w, api, "patches", projects[patch.ProjectId], patch.ToRef());
        }

        w.WriteEndArray();
        w.WriteBoolean("public", bundle.IsPublic != 0);
        w.WriteString("mbox", web + "mbox/");
        w.WriteEndObject();
    }

    /// <summary>The bundle's web page, <c>/bundle/OWNER/NAME/</c>; its mbox is that plus <c>mbox/</c>.</summary>
    public static string WebUrl(ApiContext api, string username, string name) => api.Web($"bundle/{PathSegment(username)}/{PathSegment(name)}/");

    /// <summary>
    /// A name as Django's <c>reverse</c> puts it in a path: UTF-8, percent-encoded except letters,
    /// digits, <c>-._~</c>, the RFC 3986 sub-delimiters and <c>:@</c>. A "/" is encoded too (bundle
    /// names cannot hold one; usernames should not), so the name stays one segment.
    /// </summary>
    public static string PathSegment(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@".Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

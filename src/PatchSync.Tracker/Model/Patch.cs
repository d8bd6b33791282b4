using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatchSync.Tracker;

/// <summary>
/// A patch as served by <c>/patches/</c> (list form) or <c>/patches/{id}/</c> (detail form, which adds
/// <see cref="Headers"/>, <see cref="Content"/>, <see cref="Diff"/> and <see cref="Prefixes"/>).
/// Dates are naive UTC on the wire and are parsed as <see cref="DateTimeKind.Utc"/>.
/// </summary>
public sealed record Patch
{
    /// <summary>The patch id, the key of <c>/patches/{id}/</c>.</summary>
    public long Id { get; init; }

    /// <summary>The patch's API URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The patch's page in the web UI (<c>web_url</c>, API 1.1+).</summary>
    public string? WebUrl { get; init; }

    /// <summary>The project the patch was sent to (<c>project</c>).</summary>
    public Project Project { get; init; } = new();

    /// <summary>The Message-ID as served, with angle brackets.</summary>
    [JsonPropertyName("msgid")]
    public string MsgId { get; init; } = "";

    /// <summary>The Message-ID without angle brackets, as mail stores index it.</summary>
    [JsonIgnore]
    public string MessageId => MessageIds.StripBrackets(MsgId ?? "");

    /// <summary>The mail in the list archive (<c>list_archive_url</c>, API 1.2+), when the project has one.</summary>
    public string? ListArchiveUrl { get; init; }

    /// <summary>The mail's Date header in UTC (what <c>since</c>/<c>before</c> compare).</summary>
    public DateTime Date { get; init; }

    /// <summary>The subject without the prefixes (<c>name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>The commit that applied it (<c>commit_ref</c>), when set.</summary>
    public string? CommitRef { get; init; }

    /// <summary>The pull request URL a pull-request mail carried (<c>pull_url</c>).</summary>
    public string? PullUrl { get; init; }

    /// <summary>The state slug; any value is accepted since instances define their own states.</summary>
    public string State { get; init; } = "";

    /// <summary>Whether the patch is archived (<c>archived</c>).</summary>
    public bool Archived { get; init; }

    /// <summary>The diff's hash (<c>hash</c>); null for a pull request without a diff.</summary>
    public string? Hash { get; init; }

    /// <summary>Who sent the mail (<c>submitter</c>).</summary>
    public Person Submitter { get; init; } = new();

    /// <summary>The user the patch is delegated to (<c>delegate</c>), if any.</summary>
    public User? Delegate { get; init; }

    /// <summary>The URL of the patch as an mbox (<c>mbox</c>).</summary>
    public string? Mbox { get; init; }

    /// <summary>The series the patch belongs to: none or one (<c>series</c>).</summary>
    public IReadOnlyList<SeriesRef> Series { get; init; } = [];

    /// <summary>The API URL of the patch's comments (<c>comments</c>).</summary>
    public string? Comments { get; init; }

    /// <summary>Combined check state: pending, success, warning or fail.</summary>
    public string? Check { get; init; }

    /// <summary>The API URL of the patch's checks (<c>checks</c>).</summary>
    public string? Checks { get; init; }

    /// <summary>Patches marked as related (<c>related</c>, API 1.2+); null on older servers.</summary>
    public IReadOnlyList<PatchRef>? Related { get; init; }

    /// <summary>Detail only: header name to a string, or to an array when the header repeats.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Headers { get; init; }

    /// <summary>Detail only.</summary>
    public string? Content { get; init; }

    /// <summary>Detail only.</summary>
    public string? Diff { get; init; }

    /// <summary>Detail only: subject prefixes such as <c>PATCH</c>, <c>v2</c>, <c>1/3</c>.</summary>
    public IReadOnlyList<string>? Prefixes { get; init; }
}

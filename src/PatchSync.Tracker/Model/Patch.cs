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
    public long Id { get; init; }
    public string? Url { get; init; }
    public string? WebUrl { get; init; }
    public Project Project { get; init; } = new();

    /// <summary>The Message-ID as served, with angle brackets.</summary>
    [JsonPropertyName("msgid")]
    public string MsgId { get; init; } = "";

    /// <summary>The Message-ID without angle brackets, as mail stores index it.</summary>
    [JsonIgnore]
    public string MessageId => MessageIds.StripBrackets(MsgId ?? "");
    public string? ListArchiveUrl { get; init; }

    /// <summary>The mail's Date header in UTC (what <c>since</c>/<c>before</c> compare).</summary>
    public DateTime Date { get; init; }
    public string Name { get; init; } = "";
    public string? CommitRef { get; init; }
    public string? PullUrl { get; init; }

    /// <summary>The state slug; any value is accepted since instances define their own states.</summary>
    public string State { get; init; } = "";
    public bool Archived { get; init; }
    public string? Hash { get; init; }
    public Person Submitter { get; init; } = new();
    public User? Delegate { get; init; }
    public string? Mbox { get; init; }
    public IReadOnlyList<SeriesRef> Series { get; init; } = [];
    public string? Comments { get; init; }

    /// <summary>Combined check state: pending, success, warning or fail.</summary>
    public string? Check { get; init; }
    public string? Checks { get; init; }
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

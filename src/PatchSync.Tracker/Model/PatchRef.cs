using System.Text.Json.Serialization;

namespace PatchSync.Tracker;

/// <summary>A patch (or cover letter) as embedded in series and event payloads.</summary>
public sealed record PatchRef
{
    /// <summary>The patch or cover id.</summary>
    public long Id { get; init; }

    /// <summary>Its API URL (<c>url</c>).</summary>
    public string? Url { get; init; }

    /// <summary>Its page in the web UI (<c>web_url</c>, API 1.1+).</summary>
    public string? WebUrl { get; init; }

    /// <summary>The Message-ID as served, with angle brackets.</summary>
    [JsonPropertyName("msgid")]
    public string MsgId { get; init; } = "";

    /// <summary>The Message-ID without angle brackets, as mail stores index it.</summary>
    [JsonIgnore]
    public string MessageId => MessageIds.StripBrackets(MsgId ?? "");

    /// <summary>The mail in the list archive (<c>list_archive_url</c>, API 1.2+).</summary>
    public string? ListArchiveUrl { get; init; }

    /// <summary>The mail's Date header, UTC (<c>date</c>).</summary>
    public DateTime Date { get; init; }

    /// <summary>The subject without the prefixes (<c>name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The URL of the mail as an mbox (<c>mbox</c>).</summary>
    public string? Mbox { get; init; }
}

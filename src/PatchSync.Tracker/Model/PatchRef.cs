using System.Text.Json.Serialization;

namespace PatchSync.Tracker;

/// <summary>A patch (or cover letter) as embedded in series and event payloads.</summary>
public sealed record PatchRef
{
    public long Id { get; init; }
    public string? Url { get; init; }
    public string? WebUrl { get; init; }

    /// <summary>The Message-ID as served, with angle brackets.</summary>
    [JsonPropertyName("msgid")]
    public string MsgId { get; init; } = "";

    /// <summary>The Message-ID without angle brackets, as mail stores index it.</summary>
    [JsonIgnore]
    public string MessageId => MessageIds.StripBrackets(MsgId ?? "");
    public string? ListArchiveUrl { get; init; }
    public DateTime Date { get; init; }
    public string? Name { get; init; }
    public string? Mbox { get; init; }
}

namespace PatchSync.Server.Ingest;

/// <summary>
/// A mail as Patchwork's parser sees it: what it is, its cleaned name and subject markers, its
/// thread references, sender, date, text and diff. Produced by <see cref="MailParser"/>.
/// </summary>
internal sealed record ParsedMail
{
    /// <summary>Patch, cover letter or comment.</summary>
    public required MailKind Kind { get; init; }

    /// <summary>Message-ID without the angle brackets (the API shows it as "&lt;id&gt;").</summary>
    public required string MessageId { get; init; }

    /// <summary>The subject cleaned like Patchwork: "Re:"/"Fwd:" and [PATCH] dropped, other prefixes kept as "[a,b] rest".</summary>
    public required string Name { get; init; }

    /// <summary>The decoded subject as sent.</summary>
    public required string Subject { get; init; }

    /// <summary>Subject prefixes that were kept (e.g. "RFC", "v2", "1/3"), in order.</summary>
    public required IReadOnlyList<string> Prefixes { get; init; }

    /// <summary>The series version: "vN" prefix or "(vN)" in the subject; 1 when absent.</summary>
    public required int Version { get; init; }

    /// <summary>m of "[m/n]" or "[m of n]", or null when the subject has no series marker.</summary>
    public int? Number { get; init; }

    /// <summary>n of "[m/n]" or "[m of n]", or null when the subject has no series marker.</summary>
    public int? Total { get; init; }

    /// <summary>The first Message-ID of In-Reply-To (no angle brackets), or null.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>
    /// Thread references nearest first, like Patchwork's find_references: In-Reply-To, then the
    /// References entries from last to first, without duplicates or angle brackets.
    /// </summary>
    public required IReadOnlyList<string> References { get; init; }

    /// <summary>The Date header in UTC (Kind Utc, whole seconds); the ingestion time when missing or unparseable.</summary>
    public required DateTime Date { get; init; }

    /// <summary>True when the Date header was missing or unparseable and <see cref="Date"/> is the ingestion time.</summary>
    public bool DateFromIngestion { get; init; }

    /// <summary>The sender's display name (decoded), or null when the From header has none.</summary>
    public string? SubmitterName { get; init; }

    /// <summary>The sender's address.</summary>
    public required string SubmitterEmail { get; init; }

    /// <summary>All headers in mail order, decoded; a header may repeat.</summary>
    public required IReadOnlyList<MailHeader> Headers { get; init; }

    /// <summary>The mail text without the diff and signature (Patchwork's "content").</summary>
    public required string Content { get; init; }

    /// <summary>The diff (inline or from a text/x-patch part), or null.</summary>
    public string? Diff { get; init; }

    /// <summary>Patchwork's hash of <see cref="Diff"/> (SHA-1, lower-case hex), or null without a diff.</summary>
    public string? Hash { get; init; }

    /// <summary>The repository and ref of a pull request ("URL branch"), or null.</summary>
    public string? PullUrl { get; init; }

    /// <summary>Acked-by/Reviewed-by/Tested-by lines in <see cref="Content"/> (quoted lines excluded).</summary>
    public required TrailerCounts Trailers { get; init; }

    /// <summary>
    /// Headers as Patchwork's API shows them: name to a string, or to a list of strings when the
    /// header repeats. Names keep the case of their first occurrence.
    /// </summary>
    public IReadOnlyDictionary<string, object> HeaderMap()
    {
        var map = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in Headers)
        {
            if (!map.TryGetValue(header.Name, out var existing))
            {
                map[header.Name] = header.Value;
            }
            else if (existing is List<string> list)
            {
                list.Add(header.Value);
            }
            else
            {
                map[header.Name] = new List<string> { (string)existing, header.Value };
            }
        }

        return map;
    }
}

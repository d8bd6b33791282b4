namespace PatchSync.Server.Ingest;

/// <summary>The outcome of parsing one mail: a <see cref="ParsedMail"/>, or the reason it is skipped.</summary>
internal sealed record MailParseResult
{
    private MailParseResult(ParsedMail? mail, string? skipReason)
    {
        Mail = mail;
        SkipReason = skipReason;
    }

    /// <summary>The parsed mail, or null when skipped.</summary>
    public ParsedMail? Mail { get; }

    /// <summary>A one-line reason the mail is not ingested, or null.</summary>
    public string? SkipReason { get; }

    /// <summary>True when the mail is not ingested.</summary>
    public bool IsSkipped => Mail is null;

    /// <summary>A parsed mail.</summary>
    public static MailParseResult Parsed(ParsedMail mail) => new(mail, null);

    /// <summary>A skipped mail with its reason.</summary>
    public static MailParseResult Skipped(string reason) => new(null, reason);
}

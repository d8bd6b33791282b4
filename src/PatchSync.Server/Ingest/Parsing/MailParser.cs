using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace PatchSync.Server.Ingest;

/// <summary>
/// Turns a MIME message into a <see cref="ParsedMail"/> the way Patchwork's parser (parse_mail)
/// does, so a server fed the same mails shows the same names, dates, people, diffs and hashes.
/// Deciding the series and a comment's parent needs the other mails: see <see cref="SeriesGrouping"/>.
/// </summary>
internal sealed partial class MailParser(MailParserOptions? options = null)
{
    private readonly MailParserOptions _options = options ?? new MailParserOptions();

    // Patchwork stores at most this many characters of a name.
    private const int MaxNameLength = 255;

    /// <summary>Parses one mail; never throws for malformed input (it is skipped with a reason).</summary>
    public MailParseResult Parse(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return ParseMail(message);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or DecoderFallbackException or NotSupportedException or RegexMatchTimeoutException)
        {
            // Malformed content MimeKit or a decoder could not cope with: skip this mail, keep the batch going.
            return MailParseResult.Skipped("unparseable mail: " + Whitespace.Normalise(e.Message));
        }
    }

    private MailParseResult ParseMail(MimeMessage message)
    {
        var fromHeader = HeaderText(message, HeaderId.From);
        var subject = HeaderText(message, HeaderId.Subject);
        var rawMessageId = HeaderText(message, HeaderId.MessageId);
        if (fromHeader is null)
        {
            return MailParseResult.Skipped("missing From header");
        }

        if (subject is null)
        {
            return MailParseResult.Skipped("missing Subject header");
        }

        if (rawMessageId is null)
        {
            return MailParseResult.Skipped("missing Message-Id header");
        }

        var messageId = StripAngles(rawMessageId);
        if (messageId.Length == 0)
        {
            return MailParseResult.Skipped("empty Message-Id header");
        }

        if (string.Equals(HeaderText(message, "X-Patchwork-Hint"), "ignore", StringComparison.OrdinalIgnoreCase))
        {
            return MailParseResult.Skipped("X-Patchwork-Hint: ignore");
        }

        var sender = SenderParser.Parse(fromHeader);
        if (sender is null)
        {
            return MailParseResult.Skipped("From header has no address");
        }

        if (_options.ListEmail is { } listEmail && string.Equals(sender.Email, listEmail, StringComparison.OrdinalIgnoreCase))
        {
            sender = OriginalSender(message, sender);
        }

        var cleaned = SubjectCleaner.Clean(subject, _options.DropPrefixes);
        var isReply = SubjectCleaner.IsReply(subject);
        var marker = SubjectCleaner.SeriesMarker(cleaned.Prefixes);
        var (diff, content) = isReply ? CommentContent(message) : PatchContent(message);
        if (diff is null && content.Length == 0)
        {
            return MailParseResult.Skipped("no text content");
        }

        var pullUrl = PullRequestParser.Find(content);
        var references = References(message);
        MailKind kind;
        if (!isReply && (diff is not null || pullUrl is not null))
        {
            kind = MailKind.Patch;
        }
        else if (!isReply && marker?.Number == 0)
        {
            kind = MailKind.Cover;
        }
        else if (references.Count > 0)
        {
            kind = MailKind.Comment;
        }
        else
        {
            return MailParseResult.Skipped("no diff, not a reply and not a cover letter");
        }

        var (date, fromIngestion) = Date(message);
        return MailParseResult.Parsed(new ParsedMail
        {
            Kind = kind,
            MessageId = messageId,
            Name = cleaned.Name.Length > MaxNameLength ? cleaned.Name[..MaxNameLength] : cleaned.Name,
            Subject = Whitespace.Normalise(subject),
            Prefixes = cleaned.Prefixes,
            Version = SubjectCleaner.Version(cleaned.Name, cleaned.Prefixes),
            Number = marker?.Number,
            Total = marker?.Total,
            InReplyTo = FirstMessageId(HeaderText(message, HeaderId.InReplyTo)),
            References = references,
            Date = date,
            DateFromIngestion = fromIngestion,
            SubmitterName = sender.Name,
            SubmitterEmail = sender.Email,
            Headers = [.. message.Headers.Select(h => new MailHeader(h.Field, Whitespace.Normalise(h.Value ?? string.Empty)))],
            Content = content,
            Diff = kind == MailKind.Patch ? diff : null,
            Hash = kind == MailKind.Patch && diff is not null ? DiffHasher.Hash(diff) : null,
            PullUrl = kind == MailKind.Patch ? pullUrl : null,
            Trailers = TrailerCounter.Count(content),
        });
    }

    // find_patch_content: an x-patch/x-diff part is the diff; otherwise the first plain part with
    // a diff gives it; every plain part's remaining text is the comment.
    private static (string? Diff, string Content) PatchContent(MimeMessage message)
    {
        string? diff = null;
        var comment = new StringBuilder();
        foreach (var (text, subtype) in TextPartReader.Read(message))
        {
            if (subtype is "x-patch" or "x-diff")
            {
                diff = text;
            }
            else if (subtype == "plain")
            {
                var rest = text;
                if (string.IsNullOrEmpty(diff))
                {
                    var split = PatchSplitter.Split(text);
                    (diff, rest) = (split.Diff, split.Comment);
                }

                if (rest is not null)
                {
                    comment.Append(rest.Trim()).Append('\n');
                }
            }
        }

        return (string.IsNullOrEmpty(diff) ? null : diff, CleanContent(comment.ToString()));
    }

    // find_comment_content: a reply keeps all of its plain text, diff included.
    private static (string? Diff, string Content) CommentContent(MimeMessage message)
    {
        var comment = new StringBuilder();
        foreach (var (text, subtype) in TextPartReader.Read(message))
        {
            if (subtype == "plain" && text.Length > 0)
            {
                comment.Append(text.Trim()).Append('\n');
            }
        }

        return (null, CleanContent(comment.ToString()));
    }

    // get_original_sender: undo a list's DMARC rewrite of From ("Name via List <list@...>").
    private static Sender OriginalSender(MimeMessage message, Sender mangled)
    {
        var name = mangled.Name;
        var via = name is null ? -1 : name.EndsWith(" via", StringComparison.Ordinal) ? name.Length - 4 : name.LastIndexOf(" via ", StringComparison.Ordinal);
        var stripped = via < 0 ? null : name![..via].Trim().Trim('\'');
        if (HeaderText(message, "X-Original-From") is { Length: > 0 } originalFrom && SenderParser.Parse(originalFrom) is { } original)
        {
            return new Sender(stripped, original.Email);
        }

        foreach (var header in message.Headers.Where(h => h.Id is HeaderId.ReplyTo or HeaderId.Cc))
        {
            foreach (var address in Whitespace.Normalise(header.Value ?? string.Empty).Split(','))
            {
                if (SenderParser.Parse(address) is { } candidate && candidate.Name == stripped)
                {
                    return new Sender(stripped, candidate.Email);
                }
            }
        }

        return mangled;
    }

    // clean_content: drop everything from a "-- " signature or "____" list footer line on.
    private static string CleanContent(string content) => SignatureOrFooter().Replace(content, string.Empty).Trim();

    private (DateTime Date, bool FromIngestion) Date(MimeMessage message)
    {
        var text = HeaderText(message, HeaderId.Date);
        if (text is not null && DateUtils.TryParse(text, out var parsed))
        {
            try
            {
                var utc = parsed.UtcDateTime;
                return (new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc), false);
            }
            catch (ArgumentOutOfRangeException)
            {
                // An offset that moves the date out of range: treat as unparseable.
            }
        }

        // Microsecond precision, like the database columns that store it.
        var now = _options.Time.GetUtcNow().UtcDateTime;
        return (new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc), true);
    }

    private static List<string> References(MimeMessage message)
    {
        var refs = new List<string>();
        foreach (var header in message.Headers.Where(h => h.Id == HeaderId.InReplyTo))
        {
            var id = FirstMessageId(Whitespace.Normalise(header.Value ?? string.Empty));
            if (id is not null && !refs.Contains(id))
            {
                refs.Add(id);
            }
        }

        foreach (var header in message.Headers.Where(h => h.Id == HeaderId.References))
        {
            var ids = Whitespace.Normalise(header.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var id in ids.Reverse().Select(StripAngles).Where(id => id.Length > 0))
            {
                if (!refs.Contains(id))
                {
                    refs.Add(id);
                }
            }
        }

        return refs;
    }

    // In-Reply-To may carry a comment ("<id> (Name's message of ...)"): take the first <id>.
    private static string? FirstMessageId(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var match = AngleId().Match(value);
        var id = match.Success ? match.Groups[1].Value.Trim() : StripAngles(value);
        return id.Length == 0 ? null : id;
    }

    private static string StripAngles(string value)
    {
        var id = Whitespace.Normalise(value);
        if (id.StartsWith('<'))
        {
            id = id[1..];
        }

        if (id.EndsWith('>'))
        {
            id = id[..^1];
        }

        return id.Trim();
    }

    private static string? HeaderText(MimeMessage message, HeaderId id)
    {
        var index = message.Headers.IndexOf(id);
        return index < 0 ? null : Whitespace.Normalise(message.Headers[index].Value ?? string.Empty);
    }

    private static string? HeaderText(MimeMessage message, string field)
    {
        var index = message.Headers.IndexOf(field);
        return index < 0 ? null : Whitespace.Normalise(message.Headers[index].Value ?? string.Empty);
    }

    [GeneratedRegex(@"^(-- |_+)\n.*", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex SignatureOrFooter();

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex AngleId();
}

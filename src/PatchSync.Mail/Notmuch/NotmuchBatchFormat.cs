using System.Globalization;
using System.Text;

namespace PatchSync.Mail.Notmuch;

/// <summary>
/// notmuch's <c>batch-tag</c> format, shared by <c>notmuch dump</c> and <c>notmuch tag --batch</c>:
/// one line per message, <c>+tag -tag -- id:QUERY</c>. Tags are %-encoded (UTF-8 bytes as %xx),
/// Message-IDs are quoted <c>id:"..."</c> with every <c>"</c> doubled.
/// </summary>
internal static class NotmuchBatchFormat
{
    /// <summary>The query matching exactly one Message-ID.</summary>
    public static string QuoteId(string messageId) => "id:\"" + messageId.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>%-encodes every byte that is not a letter, digit or one of <c>+-_@=.,:</c>.</summary>
    public static string EncodeTag(string tag)
    {
        var sb = new StringBuilder(tag.Length);
        foreach (var b in Encoding.UTF8.GetBytes(tag))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "+-_@=.,:".Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Reverses <see cref="EncodeTag"/> (and any other %xx encoding notmuch chose).</summary>
    public static string DecodeTag(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length &&
                byte.TryParse(encoded.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(encoded[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>
    /// The tag operations of a <c>notmuch tag --batch</c> line, <c>+add... -remove...</c> (adds first: notmuch
    /// applies them in order, so a tag in both ends up removed).
    /// </summary>
    public static string FormatOperations(IEnumerable<string> add, IEnumerable<string> remove)
    {
        var sb = new StringBuilder();
        foreach (var tag in add)
        {
            sb.Append(sb.Length == 0 ? "+" : " +").Append(EncodeTag(tag));
        }

        foreach (var tag in remove)
        {
            sb.Append(sb.Length == 0 ? "-" : " -").Append(EncodeTag(tag));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Parses one dump line into the Message-ID and its tags; false for comments, blank lines and lines
    /// whose query is not a plain <c>id:</c> (notmuch dump only writes those).
    /// </summary>
    public static bool TryParseLine(string line, out string messageId, out List<string> tags)
    {
        messageId = string.Empty;
        tags = [];
        if (line.Length == 0 || line[0] == '#')
        {
            return false;
        }

        // Tags never contain spaces (encoded), so the tag list ends at the first token that is exactly "--".
        var position = 0;
        while (true)
        {
            while (position < line.Length && line[position] == ' ')
            {
                position++;
            }

            var end = line.IndexOf(' ', position);
            if (end < 0)
            {
                return false;
            }

            var token = line[position..end];
            position = end + 1;
            if (token == "--")
            {
                break;
            }

            if (token.Length > 1 && token[0] == '+')
            {
                tags.Add(DecodeTag(token[1..]));
            }
        }

        var query = line.AsSpan(position);
        if (!query.StartsWith("id:", StringComparison.Ordinal))
        {
            return false;
        }

        query = query[3..];
        if (query.Length >= 2 && query[0] == '"' && query[^1] == '"')
        {
            messageId = query[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
        }
        else
        {
            messageId = query.ToString();
        }

        return messageId.Length > 0;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Mbox;

/// <summary>
/// One patch as an mbox message, the shape of Patchwork's <c>patch_to_mbox</c>: a <c>From </c> line,
/// Patchwork's own headers, the stored mail's headers (From, To, Cc, Subject, Date, Message-Id, ...), then the commit message, <c>---</c>
/// with the stored postscript (diffstat), and the diff. git-pw and pwclient feed this to <c>git am</c>.
/// </summary>
internal static partial class PatchMbox
{
    /// <summary>Headers of the stored mail that this message sets itself (its body is plain UTF-8 text, not the original MIME).</summary>
    private static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Transfer-Encoding", "MIME-Version", "X-Patchwork-Submitter", "X-Patchwork-Id", "X-Patchwork-Delegate",
    };

    /// <summary>A cover letter: the same message without a diff, delegate or review trailers, as Patchwork's <c>cover_to_mbox</c>.</summary>
    public static string FormatCover(CoverRow cover, BodyRow body) => Format(
        new PatchRow { Id = cover.Id, Msgid = cover.Msgid, Date = cover.Date, Name = cover.Name, SubmitterName = cover.SubmitterName, SubmitterEmail = cover.SubmitterEmail },
        new BodyRow { Headers = body.Headers, Content = body.Content });

    /// <summary>A patch as an mbox message, as Patchwork's <c>patch_to_mbox</c>.</summary>
    /// <param name="patch">The patch: message id, date, subject, submitter and delegate.</param>
    /// <param name="body">The stored mail's headers, content and diff.</param>
    /// <param name="comments">The contents of the patch's comments, oldest first: their review trailers are added to the message.</param>
    public static string Format(PatchRow patch, BodyRow body, IReadOnlyList<string>? comments = null)
    {
        var headers = ReadHeaders(body.Headers);
        var date = DbTime.FromMicros(patch.Date);
        var message = new StringBuilder();
        AppendBody(message, body, comments ?? []);
        var text = new StringBuilder();
        text.Append("From patchwork ").Append(CTime(date)).Append('\n');
        text.Append("Content-Type: text/plain; charset=\"utf-8\"\n");
        text.Append("MIME-Version: 1.0\n");
        text.Append("Content-Transfer-Encoding: ").Append(Ascii.IsValid(message.ToString()) ? "7bit" : "8bit").Append('\n');
        text.Append("X-Patchwork-Submitter: ").Append(Address(patch.SubmitterName, patch.SubmitterEmail)).Append('\n');
        text.Append("X-Patchwork-Id: ").Append(patch.Id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (patch.DelegateEmail is { Length: > 0 } delegateEmail)
        {
            text.Append("X-Patchwork-Delegate: ").Append(delegateEmail).Append('\n');
        }

        // The stored mail's headers in their order, as Patchwork copies them, less the ones this message sets itself.
        foreach (var (name, values) in headers)
        {
            if (OwnHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                text.Append(name).Append(": ").Append(OneLine(value)).Append('\n');
            }
        }

        if (!headers.Any(h => h.Name.Equals("From", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("From: ").Append(Address(patch.SubmitterName, patch.SubmitterEmail)).Append('\n');
        }

        if (!headers.Any(h => h.Name.Equals("Subject", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Subject: [PATCH] ").Append(OneLine(patch.Name)).Append('\n');
        }

        if (!headers.Any(h => h.Name.Equals("Date", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Date: ").Append(date.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append('\n');
        }

        if (!headers.Any(h => h.Name.Equals("Message-Id", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append("Message-Id: ").Append(patch.Msgid).Append('\n');
        }

        text.Append('\n').Append(message);
        return text.ToString();
    }

    /// <summary>Commit message, "---" and the postscript (split off at the first "---" line, as Patchwork does), then the diff.</summary>
    private static void AppendBody(StringBuilder text, BodyRow body, IReadOnlyList<string> comments)
    {
        var content = body.Content.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var parts = PostscriptSeparator().Split(content.Length > 0 ? content + "\n" : "", 2);
        var message = parts[0].Trim();
        var postscript = parts.Length == 2 ? parts[1].TrimEnd() : "";
        if (message.Length > 0)
        {
            text.Append(message).Append('\n');
        }

        // Acked-by, Reviewed-by, ... given in replies, as Patchwork's patch_responses adds them.
        foreach (var comment in comments)
        {
            foreach (Match trailer in ReviewTrailer().Matches(comment.Replace("\r\n", "\n", StringComparison.Ordinal)))
            {
                text.Append(trailer.Value.TrimEnd()).Append('\n');
            }
        }

        // A cover letter (no diff) keeps "---" only in front of a postscript.
        if (postscript.Length > 0 || !string.IsNullOrEmpty(body.Diff))
        {
            text.Append("---\n");
        }

        if (postscript.Length > 0)
        {
            text.Append(postscript).Append('\n');
        }

        if (!string.IsNullOrEmpty(body.Diff))
        {
            text.Append('\n').Append(body.Diff.Replace("\r\n", "\n", StringComparison.Ordinal));
            if (!body.Diff.EndsWith('\n'))
            {
                text.Append('\n');
            }
        }
    }

    /// <summary>The file name Patchwork offers: the patch name, lower case, non-alphanumerics as dashes.</summary>
    public static string FileName(string name)
    {
        var slug = NonWord().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return (slug.Length == 0 ? "patch" : slug) + ".patch";
    }

    /// <summary>Python's <c>ctime</c>, which Patchwork uses on the <c>From </c> line: "Wed Jun  6 12:21:42 2018".</summary>
    private static string CTime(DateTime date) =>
        date.ToString("ddd MMM ", CultureInfo.InvariantCulture)
        + date.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
        + date.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    private static string Address(string name, string email) => name.Length == 0 ? email : $"{OneLine(name)} <{email}>";

    private static string OneLine(string value) => value.ReplaceLineEndings(" ");

    /// <summary>The stored headers are a JSON object of name to a string, or to a list for repeated headers.</summary>
    private static List<(string Name, List<string> Values)> ReadHeaders(string json)
    {
        var list = new List<(string Name, List<string> Values)>();
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var values = property.Value.ValueKind == JsonValueKind.Array
                ? property.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList()
                : [property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText()];
            list.Add((property.Name, values));
        }

        return list;
    }

    [GeneratedRegex(@"\n-{2,3} ?\n")]
    private static partial Regex PostscriptSeparator();

    [GeneratedRegex(@"^(Tested|Reviewed|Acked|Signed-off|Nacked|Reported)-by:.*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ReviewTrailer();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonWord();
}

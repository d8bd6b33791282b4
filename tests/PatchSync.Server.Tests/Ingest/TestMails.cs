using System.Text;
using MimeKit;
using PatchSync.Server.Ingest;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>Small mails written inline for the ingest tests.</summary>
internal static class TestMails
{
    public const string SmallDiff = """
        diff --git a/src/ini.c b/src/ini.c
        index 1111111..2222222 100644
        --- a/src/ini.c
        +++ b/src/ini.c
        @@ -10,3 +10,3 @@ static int x;
         int a;
        -int b;
        +long b;
         int c;
        """;

    public static MimeMessage Load(string raw) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\n"))));

    /// <summary>A mail with the given headers (null ones left out) and body.</summary>
    public static string Raw(
        string messageId, string? subject, string body, string from = "Alice Martin <alice@example.org>",
        string? date = "Mon, 02 Jun 2025 09:10:00 +0200", string? inReplyTo = null, string? references = null)
    {
        var text = new StringBuilder();
        text.Append("From: ").Append(from).Append('\n');
        if (subject is not null)
        {
            text.Append("Subject: ").Append(subject).Append('\n');
        }

        if (date is not null)
        {
            text.Append("Date: ").Append(date).Append('\n');
        }

        text.Append("Message-Id: <").Append(messageId).Append(">\n");
        if (inReplyTo is not null)
        {
            text.Append("In-Reply-To: <").Append(inReplyTo).Append(">\n");
        }

        if (references is not null)
        {
            text.Append("References: ").Append(references).Append('\n');
        }

        return text.Append("Content-Type: text/plain; charset=UTF-8\n\n").Append(body).Append('\n').ToString();
    }

    public static ParsedMail Parsed(
        string messageId, string subject, string body, string from = "Alice Martin <alice@example.org>",
        string date = "Mon, 02 Jun 2025 09:10:00 +0200", string? inReplyTo = null, string? references = null)
    {
        var result = new MailParser().Parse(Load(Raw(messageId, subject, body, from, date, inReplyTo, references)));
        Assert.False(result.IsSkipped, result.SkipReason);
        return result.Mail!;
    }

    public static ParsedMail Patch(string messageId, string subject, string? inReplyTo = null, string? references = null,
        string from = "Alice Martin <alice@example.org>", string date = "Mon, 02 Jun 2025 09:10:00 +0200") =>
        Parsed(messageId, subject, "Commit message.\n\nSigned-off-by: A <a@example.org>\n---\n" + SmallDiff, from, date, inReplyTo, references);

    public static ParsedMail Reply(string messageId, string parentSubject, string inReplyTo, string? references = null, string body = "Looks good.") =>
        Parsed(messageId, "Re: " + parentSubject, body, "Bob Chen <bob@example.net>", "Tue, 03 Jun 2025 10:00:00 +0000", inReplyTo, references ?? $"<{inReplyTo}>");
}

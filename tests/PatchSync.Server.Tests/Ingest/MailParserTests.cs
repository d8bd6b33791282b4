using PatchSync.Server.Ingest;

namespace PatchSync.Server.Tests.Ingest;

public class MailParserTests
{
    private static async Task<ParsedMail> ParseOwnAsync(string file)
    {
        var result = Assert.Single(await IngestFixtures.ParseAsync(IngestFixtures.Own(file), new MailParser()));
        Assert.False(result.IsSkipped, result.SkipReason);
        return result.Mail!;
    }

    [Fact]
    public void Parse_GitFormatPatch_SplitsContentDiffAndMetadata()
    {
        var mail = TestMails.Patch("20250602071000.4411-2-alice@example.org", "[PATCH v2 2/3] ini: widen b", inReplyTo: "cover@example.org");

        Assert.Equal(MailKind.Patch, mail.Kind);
        Assert.Equal("20250602071000.4411-2-alice@example.org", mail.MessageId);
        Assert.Equal("[v2,2/3] ini: widen b", mail.Name);
        Assert.Equal(["v2", "2/3"], mail.Prefixes);
        Assert.Equal((2, 2, 3), (mail.Version, mail.Number!.Value, mail.Total!.Value));
        Assert.Equal("cover@example.org", mail.InReplyTo);
        Assert.Equal(new DateTime(2025, 6, 2, 7, 10, 0, DateTimeKind.Utc), mail.Date);
        Assert.Equal(DateTimeKind.Utc, mail.Date.Kind);
        Assert.Equal(("Alice Martin", "alice@example.org"), (mail.SubmitterName, mail.SubmitterEmail));
        Assert.Equal("Commit message.\n\nSigned-off-by: A <a@example.org>\n---", mail.Content);
        Assert.StartsWith("diff --git a/src/ini.c b/src/ini.c\n", mail.Diff);
        Assert.EndsWith(" int c;\n", mail.Diff);
        Assert.Equal(DiffHasher.Hash(mail.Diff!), mail.Hash);
        Assert.Null(mail.PullUrl);
    }

    [Fact]
    public async Task Parse_PullRequestOverSsh_PatchWithPullUrlAndNoDiff()
    {
        var mail = await ParseOwnAsync("pull-request-ssh.eml");

        Assert.Equal(MailKind.Patch, mail.Kind);
        Assert.Equal("git@git.example.net:grace/minicfg.git docs-0.3", mail.PullUrl);
        Assert.Null(mail.Diff);
        Assert.Null(mail.Hash);
        Assert.Equal("[GIT,PULL] minicfg: documentation updates", mail.Name);
    }

    [Fact]
    public async Task Parse_PatchAsAttachment_DiffFromAttachmentHtmlIgnored()
    {
        var mail = await ParseOwnAsync("patch-as-attachment.eml");

        Assert.Equal(MailKind.Patch, mail.Kind);
        Assert.StartsWith("diff --git a/README b/README", mail.Diff);
        Assert.Contains("+\"make test\".  The tests need only a C compiler.", mail.Diff);
        Assert.Equal("My mail client mangles inline patches, so the patch is attached.\n\nHiro", mail.Content);
        Assert.Equal("Hiro Tanaka", mail.SubmitterName);
    }

    [Fact]
    public async Task Parse_BinaryAndTextDiff_BinaryDataKeptInDiffUpToNextFile()
    {
        var mail = await ParseOwnAsync("binary-and-text.eml");

        Assert.Contains("GIT binary patch\nliteral 67\n", mail.Diff);
        Assert.Contains("+port = 8080\n", mail.Diff);
        Assert.DoesNotContain("2.49.0", mail.Diff);
        Assert.DoesNotContain("GIT binary patch", mail.Content);
        Assert.EndsWith("create mode 100644 docs/logo.png", mail.Content);

        // Only the text file's lines count for the hash, as on Patchwork.
        Assert.Equal(DiffHasher.Hash("--- /dev/null\n+++ b/docs/example.ini\n@@ -0,0 +1,2 @@\n+[server]\n+port = 8080\n"), mail.Hash);
    }

    [Fact]
    public async Task Parse_UnknownCharset_FallsBackAndDecodesHeaders()
    {
        var mail = await ParseOwnAsync("unknown-charset-latin1.eml");

        Assert.Equal("ini: fix café example", mail.Name);
        Assert.Equal("[PATCH] ini: fix café example", mail.HeaderMap()["Subject"]);
        Assert.Equal("José Núñez", mail.SubmitterName);
        Assert.Equal("The example said café in the wrong encoding.", mail.Content);
        Assert.Contains("+minicfg (café edition)", mail.Diff);
        Assert.Equal(new DateTime(2025, 6, 20, 12, 0, 0, DateTimeKind.Utc), mail.Date);
    }

    [Fact]
    public async Task Parse_CvsIndexDiff_FoundWithRcsHeaders()
    {
        var mail = await ParseOwnAsync("cvs-index-diff.eml");

        Assert.StartsWith("Index: Makefile\n===", mail.Diff);
        Assert.Contains("+install: libminicfg.a\n", mail.Diff);
        Assert.Equal("Old-school diff from a CVS checkout.", mail.Content);
    }

    [Fact]
    public void Parse_MissingSubject_SkippedWithReason()
    {
        var result = new MailParser().Parse(TestMails.Load(TestMails.Raw("a@example.org", null, TestMails.SmallDiff)));

        Assert.True(result.IsSkipped);
        Assert.Equal("missing Subject header", result.SkipReason);
    }

    [Fact]
    public void Parse_EmptySubject_PatchWithEmptyName()
    {
        var mail = new MailParser().Parse(TestMails.Load(TestMails.Raw("a@example.org", "", TestMails.SmallDiff))).Mail;

        Assert.NotNull(mail);
        Assert.Equal(string.Empty, mail.Name);
        Assert.Equal(MailKind.Patch, mail.Kind);
    }

    [Theory]
    [InlineData("From: a@example.org\nSubject: [PATCH] x\n\nbody\n", "missing Message-Id header")]
    [InlineData("Subject: [PATCH] x\nMessage-Id: <m@x>\n\nbody\n", "missing From header")]
    [InlineData("From: a@example.org\nSubject: [PATCH] x\nMessage-Id: <m@x>\nX-Patchwork-Hint: ignore\n\n---\n", "X-Patchwork-Hint: ignore")]
    [InlineData("From: a@example.org\nSubject: hello\nMessage-Id: <m@x>\n\njust talk\n", "no diff, not a reply and not a cover letter")]
    [InlineData("From: a@example.org\nSubject: [PATCH] x\nMessage-Id: <m@x>\n\n\n", "no text content")]
    public void Parse_UnusableMail_SkippedWithReason(string raw, string reason)
    {
        var result = new MailParser().Parse(TestMails.Load(raw));

        Assert.True(result.IsSkipped);
        Assert.Equal(reason, result.SkipReason);
    }

    [Fact]
    public void Parse_MissingDate_UsesIngestionTime()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var parser = new MailParser(new MailParserOptions { Time = new FixedTimeProvider(now) });

        var mail = parser.Parse(TestMails.Load(TestMails.Raw("a@example.org", "[PATCH] x", TestMails.SmallDiff, date: null))).Mail!;

        Assert.Equal(now.UtcDateTime, mail.Date);
        Assert.True(mail.DateFromIngestion);
    }

    [Fact]
    public void Parse_UnparseableDate_UsesIngestionTime()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var parser = new MailParser(new MailParserOptions { Time = new FixedTimeProvider(now) });

        var mail = parser.Parse(TestMails.Load(TestMails.Raw("a@example.org", "[PATCH] x", TestMails.SmallDiff, date: "yesterday-ish"))).Mail!;

        Assert.Equal(now.UtcDateTime, mail.Date);
    }

    [Fact]
    public void Parse_ReplyWithDiff_CommentKeepingWholeText()
    {
        var mail = TestMails.Parsed("r@example.org", "Re: [PATCH 1/2] ini: widen b", "How about this instead?\n\n" + TestMails.SmallDiff,
            inReplyTo: "p1@example.org", references: "<cover@example.org> <p1@example.org>");

        Assert.Equal(MailKind.Comment, mail.Kind);
        Assert.Null(mail.Diff);
        Assert.Contains("+long b;", mail.Content);
        Assert.Equal(["p1@example.org", "cover@example.org"], mail.References);
    }

    [Fact]
    public void Parse_CoverLetter_CoverKind()
    {
        var mail = TestMails.Parsed("c@example.org", "[PATCH v3 0/4] ini: helpers", "This series adds helpers.\n\n-- \nsent with a tool");

        Assert.Equal(MailKind.Cover, mail.Kind);
        Assert.Equal((3, 0, 4), (mail.Version, mail.Number!.Value, mail.Total!.Value));
        Assert.Equal("This series adds helpers.", mail.Content);
    }

    [Fact]
    public void Parse_Trailers_CountedOutsideQuotes()
    {
        var mail = TestMails.Reply("r@example.org", "[PATCH] x", "p@example.org",
            body: "> Acked-by: Quoted <q@example.org>\n\nAcked-by: Bob <bob@example.net>\nReviewed-by: Bob <bob@example.net>\nTested-by: Bob <bob@example.net>\nReviewed-by: Eve <eve@example.org>");

        Assert.Equal(new TrailerCounts(1, 2, 1), mail.Trailers);
    }

    [Fact]
    public void Parse_HeaderMap_RepeatedHeadersBecomeLists()
    {
        var raw = TestMails.Raw("a@example.org", "[PATCH] x", TestMails.SmallDiff).Replace("Content-Type", "Received: one\nReceived: two\nContent-Type", StringComparison.Ordinal);

        var map = new MailParser().Parse(TestMails.Load(raw)).Mail!.HeaderMap();

        Assert.Equal(new List<string> { "one", "two" }, map["Received"]);
        Assert.Equal("[PATCH] x", map["Subject"]);
    }

    [Theory]
    [InlineData("X-Original-From: Alice Martin <alice@example.org>\n", "alice@example.org")]
    [InlineData("Reply-To: Bob Chen <bob@example.net>, Alice Martin <alice@example.org>\n", "alice@example.org")]
    [InlineData("Reply-To: Bob Chen <bob@example.net>\n", "minicfg-devel@lists.example.org")]
    public void Parse_ListRewroteFromForDmarc_OriginalSenderRestored(string extraHeader, string email)
    {
        var raw = TestMails.Raw("d@example.org", "[PATCH] x", TestMails.SmallDiff, from: "'Alice Martin' via minicfg-devel <minicfg-devel@lists.example.org>")
            .Replace("Content-Type", extraHeader + "Content-Type", StringComparison.Ordinal);
        var parser = new MailParser(new MailParserOptions { ListEmail = "minicfg-devel@lists.example.org" });

        var mail = parser.Parse(TestMails.Load(raw)).Mail!;

        Assert.Equal(email, mail.SubmitterEmail);
        Assert.Equal(email == "alice@example.org" ? "Alice Martin" : "'Alice Martin' via minicfg-devel", mail.SubmitterName);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

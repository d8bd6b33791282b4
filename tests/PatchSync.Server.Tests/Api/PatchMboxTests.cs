using PatchSync.Server.Api.Mbox;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Tests.Api;

/// <summary>The mbox text of one patch, from rows built here.</summary>
public sealed class PatchMboxTests
{
    private static readonly PatchRow Patch = new()
    {
        Id = 7,
        Msgid = "<m1@example.org>",
        Date = DbTime.ToMicros(new DateTime(2018, 6, 6, 12, 21, 42, DateTimeKind.Utc)),
        Name = "[2/3] gear: fix it",
        SubmitterName = "Ada Lovelace",
        SubmitterEmail = "ada@example.org",
        DelegateId = 3,
        DelegateEmail = "maint@example.org",
    };

    [Fact]
    public void Format_NoStoredHeaders_WritesFallbackHeadersAndBody()
    {
        var body = new BodyRow { Headers = "{}", Content = "Fix the gear.\n\nSigned-off-by: Ada\n---\n v2: simpler\n", Diff = "diff --git a/x b/x\n-a\n+b\n" };

        var text = PatchMbox.Format(Patch, body);

        Assert.Equal(
            """
            From patchwork Wed Jun  6 12:21:42 2018
            Content-Type: text/plain; charset="utf-8"
            MIME-Version: 1.0
            Content-Transfer-Encoding: 7bit
            X-Patchwork-Submitter: Ada Lovelace <ada@example.org>
            X-Patchwork-Id: 7
            X-Patchwork-Delegate: maint@example.org
            From: Ada Lovelace <ada@example.org>
            Subject: [PATCH] [2/3] gear: fix it
            Date: Wed, 06 Jun 2018 12:21:42 +0000
            Message-Id: <m1@example.org>

            Fix the gear.

            Signed-off-by: Ada
            ---
             v2: simpler

            diff --git a/x b/x
            -a
            +b

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Format_StoredHeadersAndNoPostscript_CopiesHeadersInOrderAndAddsSeparator()
    {
        var body = new BodyRow
        {
            Headers = """{"Subject":"[PATCH v2 2/3] gear: fix it","From":"Ada <ada@example.org>","Cc":["a@example.org","b@example.org"],"Content-Type":"text/plain","Date":"Wed, 6 Jun 2018 14:21:42 +0200","Message-Id":"<m1@example.org>"}""",
            Content = "Fix the gear. Ünïcode.",
            Diff = "diff --git a/x b/x\n",
        };

        var text = PatchMbox.Format(Patch, body);

        Assert.Contains(
            "X-Patchwork-Delegate: maint@example.org\nSubject: [PATCH v2 2/3] gear: fix it\nFrom: Ada <ada@example.org>\nCc: a@example.org\nCc: b@example.org\nDate: Wed, 6 Jun 2018 14:21:42 +0200\nMessage-Id: <m1@example.org>\n\nFix the gear. Ünïcode.\n---\n\ndiff --git a/x b/x\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("Content-Transfer-Encoding: 8bit\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Type: text/plain\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_CommentsWithTrailers_AddsTrailersBeforeSeparator()
    {
        var body = new BodyRow { Content = "Fix the gear.\n\nSigned-off-by: Ada\n---\n v2: simpler\n", Diff = "diff --git a/x b/x\n" };
        string[] comments = ["Looks good.\r\n\r\nReviewed-by: Bob <bob@example.org>\r\n", "> Acked-by: quoted <q@example.org>\nacked-by: Cy <cy@example.org>\nThanks"];

        var text = PatchMbox.Format(Patch, body, comments);

        Assert.Contains("Signed-off-by: Ada\nReviewed-by: Bob <bob@example.org>\nacked-by: Cy <cy@example.org>\n---\n v2: simpler\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("quoted", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m1@example.org", "<m1@example.org>")]
    [InlineData("a%2Fb@example.org", "<a/b@example.org>")]
    [InlineData("<m1@example.org>", "<m1@example.org>")]
    public void StoredMsgid_RouteValue_IsBracketedAndUnescaped(string route, string expected) =>
        Assert.Equal(expected, PatchSync.Server.Api.Endpoints.MboxEndpoints.StoredMsgid(route));

    [Theory]
    [InlineData("[1/3] gear: adjust default size", "1-3-gear-adjust-default-size.patch")]
    [InlineData("***", "patch.patch")]
    public void FileName_PatchName_IsSlug(string name, string expected) => Assert.Equal(expected, PatchMbox.FileName(name));
}

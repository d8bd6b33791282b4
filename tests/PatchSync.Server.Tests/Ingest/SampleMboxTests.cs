using PatchSync.Server.Ingest;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>The quick start's samples/patches.mbox parses into the series its README describes.</summary>
public class SampleMboxTests
{
    private static readonly string SamplePath = Path.Combine(SharedFixtures.RepositoryRoot, "samples", "patches.mbox");

    [Fact]
    public async Task Group_SampleMbox_CountsMatchReadme()
    {
        var results = await IngestFixtures.ParseAsync(SamplePath, new MailParser());
        Assert.All(results, r => Assert.False(r.IsSkipped, r.SkipReason));
        var mails = results.Select(r => r.Mail!).ToList();

        var grouping = await IngestFixtures.GroupAsync(mails);

        Assert.Equal(23, mails.Count);
        Assert.Equal(13, grouping.PatchCount);
        Assert.Equal(3, grouping.CoverCount);
        Assert.Equal(7, grouping.Comments.Count);
        Assert.Empty(grouping.Skipped);
        Assert.Equal(6, grouping.Series.Count);
        Assert.Equal(12, mails.Count(m => m.Hash is not null));
        Assert.Equal(4, mails.Select(m => m.SubmitterEmail).Distinct().Count());
        Assert.All(mails, m => Assert.InRange(m.Date, new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Group_SampleMbox_SeriesVersionsAndPullRequest()
    {
        var grouping = await IngestFixtures.GroupAsync(await IngestFixtures.ParsedAsync(SamplePath));

        var byName = grouping.Series.ToDictionary(s => s.Name!);
        Assert.True(byName["ini: whitespace and quoted values"].IsComplete);
        Assert.Equal(3, byName["ini: whitespace and quoted values"].Patches.Count);
        Assert.Equal(1, byName["[1/2] ini: report the line number of a parse error"].Version);
        var v2 = byName["ini: better parse errors"];
        Assert.Equal(2, v2.Version);
        Assert.True(v2.IsComplete && v2.HasCover);
        Assert.Equal(4, byName["ini: walk entries, typed lookups"].Patches.Count);
        var pull = Assert.Single(byName["[GIT,PULL] minicfg: parser fixes for 0.3"].Patches).Mail;
        Assert.Null(pull.Diff);
        Assert.Equal("https://git.example.org/alice/minicfg.git tags/minicfg-parser-fixes-0.3", pull.PullUrl);
    }

    [Fact]
    public async Task Group_SampleMbox_ReviewTrailersAndReplyToReplyParent()
    {
        var grouping = await IngestFixtures.GroupAsync(await IngestFixtures.ParsedAsync(SamplePath));

        var total = grouping.Comments.Select(c => c.Mail.Trailers).Aggregate(TrailerCounts.None, (a, b) => a + b);
        Assert.Equal(new TrailerCounts(1, 2, 1), total);
        var coverComment = Assert.Single(grouping.Comments, c => c.ParentKind == MailKind.Cover);
        Assert.Equal("20250602070900.4411-1-alice@example.org", coverComment.ParentMessageId);

        // Dan answers Bob's review: In-Reply-To is a comment, so the parent is the patch Bob reviewed.
        var answer = Assert.Single(grouping.Comments, c => c.Mail.MessageId == "20250611170200.GB3120@workstation.example.org");
        Assert.Equal("20250611100200.7702-4-dan@example.org", answer.ParentMessageId);
    }
}

using PatchSync.Server.Ingest;

namespace PatchSync.Server.Tests.Ingest;

public class SeriesGroupingTests
{
    private static readonly ParsedMail Cover = TestMails.Parsed("cover@example.org", "[PATCH 0/2] ini: helpers", "Two helpers.");
    private static readonly ParsedMail First = TestMails.Patch("p1@example.org", "[PATCH 1/2] ini: add a", "cover@example.org", "<cover@example.org>");
    private static readonly ParsedMail Second = TestMails.Patch("p2@example.org", "[PATCH 2/2] ini: add b", "cover@example.org", "<cover@example.org>");

    [Fact]
    public async Task GroupAsync_ThreadedSeries_OneCompleteSeriesNamedByCover()
    {
        var result = await IngestFixtures.GroupAsync([Cover, First, Second]);

        var series = Assert.Single(result.Series);
        Assert.True(series.IsNew);
        Assert.Equal("new-1", series.Key);
        Assert.Equal("ini: helpers", series.Name);
        Assert.Same(Cover, series.Cover);
        Assert.Equal([1, 2], series.Patches.Select(p => p.Number));
        Assert.True(series.IsComplete);
        Assert.Equal(["cover@example.org"], series.NewReferences);
    }

    [Fact]
    public async Task GroupAsync_DuplicateInBatch_SecondSkipped()
    {
        var result = await IngestFixtures.GroupAsync([First, First with { Name = "[1/2] resent" }]);

        Assert.Equal(1, result.PatchCount);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("duplicate Message-ID in this batch", skipped.Reason);
        Assert.Equal("[1/2] resent", skipped.Mail.Name);
    }

    [Fact]
    public async Task GroupAsync_SameBatchTwice_SecondRunSkipsEverything()
    {
        var lookup = new InMemorySeriesLookup();
        var reply = TestMails.Reply("r@example.org", "[PATCH 1/2] ini: add a", "p1@example.org");
        lookup.Record(await IngestFixtures.GroupAsync([Cover, First, Second, reply], lookup));

        var again = await IngestFixtures.GroupAsync([Cover, First, Second, reply], lookup);

        Assert.Empty(again.Series);
        Assert.Empty(again.Comments);
        Assert.Equal(4, again.Skipped.Count);
        Assert.All(again.Skipped, s => Assert.Equal("already ingested (same Message-ID)", s.Reason));
    }

    [Fact]
    public async Task GroupAsync_SeriesSpreadOverBatches_LaterPatchJoinsStoredSeries()
    {
        var lookup = new InMemorySeriesLookup();
        var keys = lookup.Record(await IngestFixtures.GroupAsync([Cover, First], lookup));

        var result = await IngestFixtures.GroupAsync([Second], lookup);

        var series = Assert.Single(result.Series);
        Assert.False(series.IsNew);
        Assert.Equal(keys["new-1"], series.Key);
        Assert.Equal("ini: helpers", series.Name);
        Assert.True(series.HasCover);
        Assert.Null(series.Cover);
        Assert.True(series.IsComplete);
        Assert.Empty(series.NewReferences);
    }

    [Fact]
    public async Task GroupAsync_CoverArrivingAfterItsPatches_JoinsTheirSeries()
    {
        var lookup = new InMemorySeriesLookup();
        lookup.Record(await IngestFixtures.GroupAsync([Second, First], lookup));

        var result = await IngestFixtures.GroupAsync([Cover], lookup);

        var series = Assert.Single(result.Series);
        Assert.False(series.IsNew);
        Assert.Same(Cover, series.Cover);
        Assert.Equal("[1/2] ini: add a", series.Name);
    }

    [Fact]
    public async Task GroupAsync_V2InReplyToV1_SeparateSeries()
    {
        var v2 = TestMails.Patch("v2-1@example.org", "[PATCH v2 1/2] ini: add a", "p1@example.org", "<cover@example.org> <p1@example.org>");
        var v2Second = TestMails.Patch("v2-2@example.org", "[PATCH v2 2/2] ini: add b", "v2-1@example.org", "<cover@example.org> <p1@example.org> <v2-1@example.org>");

        var result = await IngestFixtures.GroupAsync([Cover, First, Second, v2, v2Second]);

        Assert.Equal(2, result.Series.Count);
        var second = result.Series.Single(s => s.Version == 2);
        Assert.Equal(["v2-1@example.org", "v2-2@example.org"], second.Patches.Select(p => p.Mail.MessageId));
        Assert.True(second.IsComplete);
        Assert.Equal("[v2,1/2] ini: add a", second.Name);
    }

    [Fact]
    public async Task GroupAsync_UnthreadedPatches_GroupedBySenderAndMarkersWithinTwentyMinutes()
    {
        var a = TestMails.Patch("u1@example.org", "[PATCH 1/2] a", date: "Mon, 02 Jun 2025 09:00:00 +0000");
        var b = TestMails.Patch("u2@example.org", "[PATCH 2/2] b", date: "Mon, 02 Jun 2025 09:15:00 +0000");
        var late = TestMails.Patch("u3@example.org", "[PATCH 2/2] b", date: "Mon, 02 Jun 2025 09:45:00 +0000");
        var otherSender = TestMails.Patch("u4@example.org", "[PATCH 2/2] b", from: "Bob Chen <bob@example.net>", date: "Mon, 02 Jun 2025 09:01:00 +0000");

        var result = await IngestFixtures.GroupAsync([a, b, late, otherSender]);

        Assert.Equal(3, result.Series.Count);
        Assert.Equal(["u1@example.org", "u2@example.org"], result.Series[0].Patches.Select(p => p.Mail.MessageId));
    }

    [Fact]
    public async Task GroupAsync_UnnumberedPatches_SeriesOfOneEach()
    {
        var result = await IngestFixtures.GroupAsync(
            [TestMails.Patch("s1@example.org", "[PATCH] a"), TestMails.Patch("s2@example.org", "[PATCH] b", "s1@example.org", "<s1@example.org>")]);

        Assert.Equal(2, result.Series.Count);
        Assert.All(result.Series, s => Assert.Equal((1, 1, true), (s.Total, Assert.Single(s.Patches).Number, s.IsComplete)));
    }

    [Fact]
    public async Task GroupAsync_Comments_ParentFromInReplyToOrNearestReference()
    {
        var onCover = TestMails.Reply("r1@example.org", "[PATCH 0/2] ini: helpers", "cover@example.org");
        var onPatch = TestMails.Reply("r2@example.org", "[PATCH 2/2] ini: add b", "p2@example.org", "<cover@example.org> <p2@example.org>");
        var onReply = TestMails.Reply("r3@example.org", "[PATCH 2/2] ini: add b", "r2@example.org", "<cover@example.org> <p2@example.org> <r2@example.org>");
        var lostInReplyTo = TestMails.Reply("r4@example.org", "[PATCH 1/2] ini: add a", "not-here@example.org", "<cover@example.org> <p1@example.org> <not-here@example.org>");
        var stray = TestMails.Reply("r5@example.org", "something else", "elsewhere@example.org");

        var result = await IngestFixtures.GroupAsync([Cover, First, Second, onCover, onPatch, onReply, lostInReplyTo, stray]);

        var parents = result.Comments.ToDictionary(c => c.Mail.MessageId, c => (c.ParentMessageId, c.ParentKind));
        Assert.Equal(("cover@example.org", MailKind.Cover), parents["r1@example.org"]);
        Assert.Equal(("p2@example.org", MailKind.Patch), parents["r2@example.org"]);
        Assert.Equal(("p2@example.org", MailKind.Patch), parents["r3@example.org"]);
        Assert.Equal(("p1@example.org", MailKind.Patch), parents["r4@example.org"]);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("r5@example.org", skipped.Mail.MessageId);
        Assert.Equal("reply to a mail that is not a known patch or cover letter", skipped.Reason);
    }

    [Fact]
    public async Task GroupAsync_ExtraPatchBeyondTotal_JoinsAndSeriesStaysComplete()
    {
        var third = TestMails.Patch("p3@example.org", "[PATCH 3/2] ini: add c", "cover@example.org", "<cover@example.org>");

        var series = Assert.Single((await IngestFixtures.GroupAsync([Cover, First, Second, third])).Series);

        Assert.Equal(3, series.Patches.Count);
        Assert.True(series.IsComplete);
    }
}

using PatchSync.Server.Ingest;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>Series grouping on the shared mails, compared with the real server and with Patchwork's series test cases.</summary>
public class SharedSeriesGroupingTests
{
    /// <summary>
    /// The real server was loaded with the mbox files (those starting with a "From " line; its
    /// loader read bare messages as empty mboxes) of mail/, then series/, then generated/, each in
    /// name order: its patch ids follow that order. Ingesting them the same way must give the
    /// same series partition, versions and names, and skip the same duplicates.
    /// </summary>
    [SharedFixtureFact]
    public async Task Group_AllSharedMailsInServerOrder_SameSeriesAsRealServer()
    {
        var lookup = new InMemorySeriesLookup();
        var ours = new Dictionary<string, (string Series, SeriesGroup Group)>(StringComparer.Ordinal);
        var comments = new Dictionary<string, CommentPlacement>(StringComparer.Ordinal);
        foreach (var folder in new[] { "mail", "series", "generated" })
        {
            foreach (var file in Directory.GetFiles(IngestFixtures.SharedMail(folder), "*.mbox").Order(StringComparer.Ordinal))
            {
                if (!File.ReadAllText(file).StartsWith("From ", StringComparison.Ordinal))
                {
                    continue;
                }

                var result = await IngestFixtures.GroupAsync(await IngestFixtures.ParsedAsync(file), lookup);
                var keys = lookup.Record(result);
                foreach (var comment in result.Comments)
                {
                    comments.TryAdd(comment.Mail.MessageId, comment);
                }

                foreach (var group in result.Series)
                {
                    foreach (var member in group.Patches)
                    {
                        ours[member.Mail.MessageId] = (keys[group.Key], group);
                    }
                }
            }
        }

        var real = RealServerPatch.LoadAll();
        Assert.True(real.Count == ours.Count, "not on the real server: " + string.Join(", ", ours.Keys.Where(k => !real.ContainsKey(k))));
        var problems = new List<string>();
        var ourSeriesByReal = new Dictionary<int, string>();
        var realSeriesByOurs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var patch in real.Values.OrderBy(p => p.Id))
        {
            if (!ours.TryGetValue(patch.MessageId, out var mine))
            {
                problems.Add($"#{patch.Id}: not placed in a series");
                continue;
            }

            var realSeries = patch.SeriesId!.Value;
            if (ourSeriesByReal.TryAdd(realSeries, mine.Series) | realSeriesByOurs.TryAdd(mine.Series, realSeries))
            {
                if (ourSeriesByReal[realSeries] != mine.Series || realSeriesByOurs[mine.Series] != realSeries)
                {
                    problems.Add($"#{patch.Id}: real series {realSeries}, ours {mine.Series}");
                }
            }
            else if (ourSeriesByReal[realSeries] != mine.Series)
            {
                problems.Add($"#{patch.Id}: real series {realSeries}, ours {mine.Series}");
            }

            var stored = lookup.Series[mine.Series];
            if (stored.Version != patch.SeriesVersion)
            {
                problems.Add($"#{patch.Id}: series version {stored.Version}, real {patch.SeriesVersion}");
            }

            if (stored.Name != patch.SeriesName)
            {
                problems.Add($"#{patch.Id}: series name '{stored.Name}', real '{patch.SeriesName}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));

        // Two comments the real server shows: an Outlook reply on a patch (19-patch-comments) and a
        // resent v2 cover letter filed as a comment on the v1 cover (29b-cover-comments).
        var outlook = comments["DB5PR03MB18774049A0E62D211988EC8CA3770@DB5PR03MB1877.eurprd03.prod.outlook.com"];
        Assert.Equal(("20180620122142.9917-1-yuri.volchkov@gmail.com", MailKind.Patch), (outlook.ParentMessageId, outlook.ParentKind));
        var resentCover = comments["1473633055-10316-1-git-send-email-stephenfinucane@gmail.com"];
        Assert.Equal(("1473632524-8585-1-git-send-email-stephenfinucane@gmail.com", MailKind.Cover), (resentCover.ParentMessageId, resentCover.ParentKind));
        Assert.Equal(51, lookup.Series.Count);

        // The real server lists 23 or 24 covers (12 pages of 2): two threaded resends of "[v2,0/2]
        // A sample series" become replies there, and here.
        Assert.Equal(23, lookup.Series.Values.Count(s => s.HasCover));
    }

    [SharedFixtureFact]
    public async Task Group_GeneratedSeriesAndReplies_CoversAndAllRepliesPlaced()
    {
        var mails = await IngestFixtures.ParsedAsync(IngestFixtures.SharedMail("generated", "generated.mbox"));
        mails.AddRange(await IngestFixtures.ParsedAsync(IngestFixtures.SharedMail("generated", "replies.mbox")));

        var result = await IngestFixtures.GroupAsync(mails);

        Assert.True(22 == result.Series.Count, string.Join('\n', result.Series.Select(s => $"{s.Key} v{s.Version} {s.Total} {s.Name}: " + string.Join(' ', s.Patches.Select(p => p.Mail.Name)))));
        Assert.Equal(96, result.PatchCount);
        Assert.Equal(16, result.CoverCount);
        Assert.Equal(32, result.Comments.Count);
        Assert.Empty(result.Skipped);
        Assert.All(result.Series, s => Assert.True(s.IsComplete, $"{s.Name} incomplete"));
        var trailers = result.Comments.Select(c => c.Mail.Trailers).Aggregate(TrailerCounts.None, (a, b) => a + b);
        Assert.True(trailers.Acked > 0 && trailers.Reviewed > 0 && trailers.Tested > 0, trailers.ToString());
    }

    [SharedFixtureTheory]
    [InlineData("base-cover-letter.mbox", 1, 1, 2)]
    [InlineData("base-deep-threaded.mbox", 1, 1, 2)]
    [InlineData("base-different-versions.mbox", 1, 1, 4)]
    [InlineData("base-extra-patches.mbox", 1, 1, 3)]
    [InlineData("base-incomplete.mbox", 1, 1, 1)]
    [InlineData("base-no-cover-letter.mbox", 1, 0, 2)]
    [InlineData("base-no-references-no-cover.mbox", 1, 1, 2)]
    [InlineData("base-no-references.mbox", 1, 0, 2)]
    [InlineData("base-out-of-order.mbox", 1, 1, 2)]
    [InlineData("base-single-patch.mbox", 1, 0, 1)]
    [InlineData("mercurial-cover-letter.mbox", 1, 1, 2)]
    [InlineData("mercurial-no-cover-letter.mbox", 1, 0, 2)]
    [InlineData("bugs-unnumbered.mbox", 2, 1, 2)]
    [InlineData("bugs-spamming.mbox", 3, 0, 3)]
    [InlineData("bugs-mixed-versions.mbox", 2, 0, 2)]
    [InlineData("bugs-nocover.mbox", 2, 0, 4)]
    [InlineData("bugs-nocover-noversion.mbox", 2, 0, 4)]
    [InlineData("bugs-multiple-references.mbox", 1, 1, 4)]
    [InlineData("revision-basic.mbox", 2, 2, 4)]
    [InlineData("revision-no-cover-letter.mbox", 2, 1, 4)]
    [InlineData("revision-out-of-order.mbox", 2, 2, 4)]
    [InlineData("revision-threaded-to-cover.mbox", 2, 2, 4)]
    [InlineData("revision-threaded-to-patch.mbox", 2, 2, 4)]
    [InlineData("revision-threaded-to-single-patch.mbox", 2, 0, 2)]
    [InlineData("revision-unlabeled.mbox", 2, 2, 4)]
    [InlineData("revision-unlabeled-noreferences.mbox", 2, 0, 4)]
    public async Task Group_PatchworkSeriesCase_ExpectedSeriesCoversAndPatches(string file, int series, int covers, int patches)
    {
        var result = await IngestFixtures.GroupAsync(await IngestFixtures.ParsedAsync(IngestFixtures.SharedMail("series", file)));

        Assert.Equal(series, result.Series.Count);
        Assert.Equal(covers, result.CoverCount);
        Assert.Equal(patches, result.PatchCount);
    }

    [SharedFixtureFact]
    public async Task Group_RevisionThreadedToCover_V2IsItsOwnCompleteSeries()
    {
        var result = await IngestFixtures.GroupAsync(await IngestFixtures.ParsedAsync(IngestFixtures.SharedMail("series", "revision-threaded-to-cover.mbox")));

        var (v1, v2) = (result.Series.Single(s => s.Version == 1), result.Series.Single(s => s.Version == 2));
        Assert.True(v1.IsComplete && v2.IsComplete);
        Assert.Equal("A sample series", v2.Name);
        Assert.All(v2.Patches, p => Assert.Equal(2, p.Mail.Version));
        Assert.Equal([1, 2], v2.Patches.Select(p => p.Number).Order());
    }

    [SharedFixtureFact]
    public async Task Group_OutOfOrderSeries_CoverJoinsPatchesThatArrivedFirst()
    {
        var result = await IngestFixtures.GroupAsync(await IngestFixtures.ParsedAsync(IngestFixtures.SharedMail("series", "base-out-of-order.mbox")));

        var series = Assert.Single(result.Series);
        Assert.NotNull(series.Cover);

        // Patch 1 named the series before the cover arrived; like Patchwork, names are set once.
        Assert.Equal("[1/2] test: Add some lorem ipsum", series.Name);
        Assert.Equal([2, 1], series.Patches.Select(p => p.Number));
    }

    [SharedFixtureFact]
    public async Task Group_IncompleteSeries_IsNotComplete()
    {
        var result = await IngestFixtures.GroupAsync(await IngestFixtures.ParsedAsync(IngestFixtures.SharedMail("series", "base-incomplete.mbox")));

        var series = Assert.Single(result.Series);
        Assert.False(series.IsComplete);
        Assert.Equal(2, series.Total);
    }
}

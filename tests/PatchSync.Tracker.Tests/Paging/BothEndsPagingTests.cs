using System.Globalization;
using System.Web;
using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;

namespace PatchSync.Tracker.Tests.Paging;

/// <summary>
/// <see cref="PagingMode.Auto"/> with <see cref="PatchQuery.AnyOrder"/>: a long date-ordered listing read from both
/// ends (the far half newest first) once deep pages get slow, and a <c>since</c> that cuts the history not sent.
/// </summary>
public sealed class BothEndsPagingTests
{
    private const int Patches = 3000;
    private const int PerPage = 25; // 120 pages: the two ends meet at asc position 1500
    private const int Pages = Patches / PerPage;

    /// <summary>Reversal only (no date slices), and a loaded test machine's page times count as slow enough.</summary>
    private static readonly Action<PatchworkClientOptions> ReverseOnly = o =>
    {
        o.MaxInFlight = 4;
        o.SliceLatencyRatio = 1000;
        o.MinSliceLatency = TimeSpan.FromMilliseconds(10);
    };

    /// <summary>
    /// 5 ms at offset 0 up to ~305 ms for the deepest page: OFFSET on Patchwork, compressed, and steep enough that a
    /// loaded test machine cannot hide the growth at the middle (~155 ms against ~5-10 ms for the first pages).
    /// </summary>
    private static TimeSpan GrowingWithOffset(SyntheticRequest r) => TimeSpan.FromMilliseconds(5 + (300.0 * r.Offset / Patches));

    [Theory]
    [InlineData("date")]
    [InlineData("-date")]
    public async Task ListPatchesAsync_AnyOrderFlatLatency_PlainPagesAndNoExtraRequest(string order)
    {
        var fake = new SyntheticPatchwork(Patches, seed: 11) { MaxPerPage = PerPage, Latency = _ => TimeSpan.FromMilliseconds(20) };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        // A loaded machine (CI runs test assemblies side by side) can make any page slow for a moment; the
        // decision itself is tested with exact latencies in DepthLatencyWatchTests. Here: the request shape.
        using var client = TestClients.Create(server.Url, o => { o.MaxInFlight = 4; o.MinSliceLatency = TimeSpan.FromMinutes(1); });

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = order, AnyOrder = true }).ToListAsync();

        Assert.Equal(fake.Expected(order).Select(p => p.Id), patches.Select(p => p.Id)); // in order, as nothing turned
        Assert.Equal(Pages, fake.Queries.Count);
    }

    [Theory]
    [InlineData("date")]
    [InlineData("-date")]
    public async Task ListPatchesAsync_LatencyGrowsWithOffset_ReadsSecondHalfFromTheOtherEnd(string order)
    {
        var fake = new SyntheticPatchwork(Patches, seed: 13) { MaxPerPage = PerPage, Latency = GrowingWithOffset };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, ReverseOnly);

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = order, AnyOrder = true }).ToListAsync();

        AssertEveryPatchOnce(fake.Expected(order), patches);
        var pages = PageRequests(fake);
        Assert.Equal(Pages, pages.Count); // the same pages as a plain walk ...
        Assert.InRange(pages.Max(p => p.Page), 1, (Pages / 2) + 1); // ... none deeper than half
        var opposite = order == "date" ? "-date" : "date";
        Assert.Equal(Pages / 2, pages.Count(p => p.Order == opposite));
        Assert.Single(fake.Queries, q => HttpUtility.ParseQueryString(q)["per_page"] == "1"); // the meeting check
        Assert.DoesNotContain(fake.Queries, q => q.Contains("since=", StringComparison.Ordinal) || q.Contains("before=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("date")]
    [InlineData("-date")]
    public async Task ListPatchesAsync_SinceInsideHistory_NotSentAndRespectedExactly(string order)
    {
        var fake = new SyntheticPatchwork(Patches, seed: 19) { MaxPerPage = PerPage, Latency = GrowingWithOffset };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, ReverseOnly);
        var since = TiedDateNear(fake.Expected("date"), Patches / 10); // inclusive: its earlier ties must come too

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = order, Since = since, AnyOrder = true }).ToListAsync();

        var expected = fake.Expected("date", since);
        Assert.True(expected.Count(p => p.Date == since) >= 2);
        AssertEveryPatchOnce(expected, patches);
        Assert.Single(fake.Queries, q => q.Contains("since=", StringComparison.Ordinal)); // page 1 as asked, then never again
        Assert.Single(fake.Queries, q => q.Contains("before=", StringComparison.Ordinal)); // counting what since excludes
        var pages = PageRequests(fake);
        Assert.InRange(pages.Max(p => p.Page), 1, (Pages / 2) + 1);
        Assert.InRange(pages.Count, 1, Pages - (Patches / 10 / PerPage) + 1); // no more pages than a walk with since
    }

    [Fact]
    public async Task ListPatchesAsync_SinceExcludingMoreThanItKeeps_IsKept()
    {
        var fake = new SyntheticPatchwork(Patches, seed: 23) { MaxPerPage = PerPage };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.MinSliceLatency = TimeSpan.FromMinutes(1));
        var since = fake.Expected("date")[Patches * 7 / 10].Date;

        var patches = await client.ListPatchesAsync(new PatchQuery { Since = since, AnyOrder = true }).ToListAsync();

        AssertEveryPatchOnce(fake.Expected("date", since), patches);
        Assert.All(PageRequests(fake), p => Assert.Contains("since=", p.Query, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ListPatchesAsync_EqualDatesAcrossTheMeetingPointInDifferentOrders_EveryPatchOnce(bool withSince)
    {
        // Patchwork orders equal dates arbitrarily, so -date need not be date reversed: here ties keep id order in
        // both, and the two ends each take the lowest ids of the tie group they meet in, missing its highest.
        var seed = Enumerable.Range(1, 500).First(s => MeetingSplitsTies(new SyntheticPatchwork(Patches, s).Expected("date")));
        var fake = new SyntheticPatchwork(Patches, seed) { MaxPerPage = PerPage, Latency = GrowingWithOffset, DescendingTiesById = true };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, ReverseOnly);
        DateTime? since = withSince ? fake.Expected("date")[Patches / 10].Date : null;

        var patches = await client.ListPatchesAsync(new PatchQuery { Since = since, AnyOrder = true }).ToListAsync();

        AssertEveryPatchOnce(fake.Expected("date", since), patches);
        var meeting = fake.Expected("date")[Patches / 2].Date;
        Assert.Contains(fake.Queries, q => q.Contains("order=-date", StringComparison.Ordinal));
        Assert.Contains(fake.Queries, q => q.Contains("before=", StringComparison.Ordinal) && q.Contains($"since={Wire(meeting)}", StringComparison.Ordinal));
    }

    private static bool MeetingSplitsTies(IReadOnlyList<SyntheticPatch> byDate) =>
        byDate[(Patches / 2) - 1].Date == byDate[Patches / 2].Date;

    private static DateTime TiedDateNear(IReadOnlyList<SyntheticPatch> byDate, int index)
    {
        while (byDate[index].Date != byDate[index + 1].Date)
        {
            index++;
        }

        return byDate[index].Date;
    }

    private static void AssertEveryPatchOnce(IReadOnlyList<SyntheticPatch> expected, List<Patch> listed)
    {
        Assert.Equal(listed.Count, listed.Select(p => p.Id).Distinct().Count());
        Assert.Equal(expected.Select(p => p.Id).Order(), listed.Select(p => p.Id).Order());
    }

    /// <summary>The walk's page requests (the one-item probes and counts left out).</summary>
    private static List<(int Page, string Order, string Query)> PageRequests(SyntheticPatchwork fake) =>
        fake.Queries.Select(q => (Query: q, Args: HttpUtility.ParseQueryString(q)))
            .Where(x => x.Args["per_page"] != "1")
            .Select(x => (int.Parse(x.Args["page"] ?? "1", CultureInfo.InvariantCulture), x.Args["order"] ?? "", x.Query))
            .ToList();

    private static string Wire(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}

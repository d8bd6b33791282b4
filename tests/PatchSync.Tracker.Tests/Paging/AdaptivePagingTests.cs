using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;

namespace PatchSync.Tracker.Tests.Paging;

/// <summary><see cref="PagingMode.Auto"/>: plain pages while latency is flat, date slices once deep pages get slow.</summary>
public sealed class AdaptivePagingTests
{
    private const int Patches = 3000;
    private const int PerPage = 25; // 120 pages

    /// <summary>For tests of the since probe: a loaded test machine must not make the walk switch to slices.</summary>
    private static readonly Action<PatchworkClientOptions> NoSlices = o => o.MinSliceLatency = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("date")]
    [InlineData("-date")]
    public async Task ListPatchesAsync_FlatLatency_PlainPagesAndNoExtraRequest(string order)
    {
        var fake = new SyntheticPatchwork(Patches, seed: 11) { MaxPerPage = PerPage, Latency = _ => TimeSpan.FromMilliseconds(20) };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        // A loaded machine (CI runs test assemblies side by side) can make any page slow for a moment; the
        // decision itself is tested with exact latencies in DepthLatencyWatchTests. Here: the request shape.
        using var client = TestClients.Create(server.Url, o => { o.MaxInFlight = 4; o.MinSliceLatency = TimeSpan.FromMinutes(1); });

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = order }).ToListAsync();

        Assert.Equal(fake.Expected(order).Select(p => p.Id), patches.Select(p => p.Id));
        Assert.Equal(Patches / PerPage, fake.Queries.Count);
        Assert.DoesNotContain(fake.Queries, q => q.Contains("before=", StringComparison.Ordinal) || q.Contains("since=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("date")]
    [InlineData("-date")]
    public async Task ListPatchesAsync_LatencyGrowsWithOffset_SwitchesToSlicesAndListsEveryPatchOnce(string order)
    {
        // 5 ms at offset 0 up to ~105 ms for the last page: what OFFSET does on Patchwork, much compressed.
        var fake = new SyntheticPatchwork(Patches, seed: 13)
        {
            MaxPerPage = PerPage,
            Latency = r => TimeSpan.FromMilliseconds(5 + (100.0 * r.Offset / Patches)),
        };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => { o.MaxInFlight = 4; o.PagesPerSlice = 4; });

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = order }).ToListAsync();

        Assert.Equal(fake.Expected(order).Select(p => p.Id), patches.Select(p => p.Id));
        var plainPages = fake.Queries.Count(q => !q.Contains("before=", StringComparison.Ordinal) && q.Contains("per_page=250", StringComparison.Ordinal));
        Assert.InRange(plainPages, 10, (Patches / PerPage) - 20); // started plain, left before the end
        Assert.Contains(fake.Queries, q => q.Contains("before=", StringComparison.Ordinal));
        var deepestSlicePage = fake.Queries.Where(q => q.Contains("before=", StringComparison.Ordinal))
            .Max(q => int.Parse(System.Web.HttpUtility.ParseQueryString(q)["page"] ?? "1", System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(deepestSlicePage, 1, 8);
    }

    [Fact]
    public async Task ListPatchesAsync_SinceBeforeEveryPatch_IsNotSentAfterOneProbe()
    {
        var fake = new SyntheticPatchwork(Patches, seed: 17) { MaxPerPage = PerPage };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, NoSlices);
        var since = new DateTime(2014, 6, 1, 0, 0, 0, DateTimeKind.Utc);

        var patches = await client.ListPatchesAsync(new PatchQuery { Since = since }).ToListAsync();

        Assert.Equal(fake.Expected("date", since).Select(p => p.Id), patches.Select(p => p.Id));
        Assert.Equal((Patches / PerPage) + 1, fake.Queries.Count); // the pages and one one-item probe
        Assert.Single(fake.Queries, q => q.Contains("since=", StringComparison.Ordinal)); // page 1 only
    }

    [Fact]
    public async Task ListPatchesAsync_SinceThatExcludesPatches_IsKept()
    {
        var fake = new SyntheticPatchwork(Patches, seed: 19) { MaxPerPage = PerPage };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, NoSlices);
        var since = fake.Patches[300].Date;

        var patches = await client.ListPatchesAsync(new PatchQuery { Since = since }).ToListAsync();

        Assert.Equal(fake.Expected("date", since).Select(p => p.Id), patches.Select(p => p.Id));
        Assert.Equal(1, fake.Queries.Count(q => !q.Contains("since=", StringComparison.Ordinal))); // the probe
    }
}

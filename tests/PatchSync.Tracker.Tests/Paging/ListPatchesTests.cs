using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;

namespace PatchSync.Tracker.Tests.Paging;

/// <summary>Paging against the synthetic Patchwork on Kestrel: order, bound, slices, old servers.</summary>
public sealed class ListPatchesTests
{
    [Fact]
    public async Task ListPatchesAsync_OrderById_YieldsEveryPatchInIdOrder()
    {
        await using var server = await SyntheticPatchworkServer.StartAsync(new SyntheticPatchwork(1000) { MaxPerPage = 50 });
        using var client = TestClients.Create(server.Url);

        var ids = (await client.ListPatchesAsync(new PatchQuery { Project = "synth", Order = "id" }).ToListAsync()).Select(p => p.Id).ToList();

        Assert.Equal(server.Fake.Expected("id").Select(p => p.Id), ids);
        Assert.Equal(20, client.Timings.Counter(TrackerDefaults.PagesCounter));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ListPatchesAsync_SlowServer_NeverExceedsMaxInFlight(int k)
    {
        var fake = new SyntheticPatchwork(600) { MaxPerPage = 20, Latency = _ => TimeSpan.FromMilliseconds(40) };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.MaxInFlight = k);

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = "-id" }).ToListAsync();

        Assert.Equal(600, patches.Count);
        Assert.InRange(fake.MaxInFlight, 1, k);
        if (k > 1)
        {
            Assert.True(fake.MaxInFlight > 1, "pages were fetched one at a time");
        }
    }

    [Theory]
    [InlineData("date")]
    [InlineData("-date")]
    public async Task ListPatchesAsync_Slices_GiveExactlyThePlainPagingSequence(string order)
    {
        var fake = new SyntheticPatchwork(2000, seed: 7) { MaxPerPage = 25 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => { o.PagesPerSlice = 3; o.MaxInFlight = 4; });

        var plain = await client.ListPatchesAsync(new PatchQuery { Order = order, Paging = PagingMode.Pages }).ToListAsync();
        var sliced = await client.ListPatchesAsync(new PatchQuery { Order = order, Paging = PagingMode.Slices }).ToListAsync();

        Assert.Equal(fake.Expected(order).Select(p => p.Id), plain.Select(p => p.Id));
        Assert.Equal(plain.Select(p => p.Id), sliced.Select(p => p.Id));
        Assert.True(fake.Queries.Count(q => q.Contains("before=", StringComparison.Ordinal)) > 20, "no date slices were requested");
    }

    [Theory]
    [InlineData("date")]
    [InlineData("-date")]
    public async Task ListPatchesAsync_UnevenTraffic_CutsLongSlicesAgain(string order)
    {
        var fake = new SyntheticPatchwork(3000, seed: 5, skewed: true) { MaxPerPage = 10 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.PagesPerSlice = 4);

        var sliced = await client.ListPatchesAsync(new PatchQuery { Order = order, Paging = PagingMode.Slices }).ToListAsync();

        Assert.Equal(fake.Expected(order).Select(p => p.Id), sliced.Select(p => p.Id));
        var deepest = fake.Queries.Where(q => q.Contains("before=", StringComparison.Ordinal))
            .Select(q => System.Web.HttpUtility.ParseQueryString(q)["page"])
            .Max(p => int.Parse(p ?? "1", System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(deepest, 1, 8);
    }

    [Fact]
    public async Task ListPatchesAsync_SlicesWithinSinceBefore_KeepTheBounds()
    {
        var fake = new SyntheticPatchwork(3000, seed: 3) { MaxPerPage = 20 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.PagesPerSlice = 2);
        var since = fake.Patches[500].Date;
        var before = fake.Patches[2500].Date;

        var sliced = await client.ListPatchesAsync(new PatchQuery { Since = since, Before = before, Paging = PagingMode.Slices }).ToListAsync();

        Assert.Equal(fake.Expected("date", since, before).Select(p => p.Id), sliced.Select(p => p.Id));
    }

    [Fact]
    public async Task ListPatchesAsync_OldServerWithoutLastLink_FollowsNext()
    {
        var fake = new SyntheticPatchwork(130) { MaxPerPage = 30, SendFirstAndLast = false };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url);

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = "id" }).ToListAsync();

        Assert.Equal(fake.Expected("id").Select(p => p.Id), patches.Select(p => p.Id));
        Assert.Equal(5, client.Timings.Counter(TrackerDefaults.PagesCounter));
    }

    [Fact]
    public async Task ListPatchesAsync_OldServerWithoutLastLink_AutoFallsBackToPages()
    {
        var fake = new SyntheticPatchwork(500) { MaxPerPage = 20, SendFirstAndLast = false };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url);

        var patches = await client.ListPatchesAsync(new PatchQuery()).ToListAsync();

        Assert.Equal(fake.Expected("date").Select(p => p.Id), patches.Select(p => p.Id));
    }

    [Fact]
    public async Task ListPatchesAsync_ServerCapsPageSize_LearnsTheCap()
    {
        var fake = new SyntheticPatchwork(400) { MaxPerPage = 40 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url);

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = "id" }).ToListAsync();

        Assert.Equal(400, patches.Count);
        Assert.Equal(40, client.PageSize);
        Assert.Contains(fake.Queries, q => q.Contains("per_page=250", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListPatchesAsync_Filters_AreSentInTheQueryString()
    {
        var fake = new SyntheticPatchwork(50);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url);

        await client.ListPatchesAsync(new PatchQuery
        {
            Project = "synth",
            States = ["new", "under-review"],
            Archived = false,
            MessageId = "<synthetic-3@example.org>",
            Since = new DateTime(2015, 1, 1, 0, 30, 0, DateTimeKind.Utc),
            Before = new DateTime(2016, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Delegate = "wmaint",
            Order = "-id",
        }).ToListAsync();

        var query = Assert.Single(fake.Queries);
        Assert.Contains("project=synth", query, StringComparison.Ordinal);
        Assert.Contains("state=new", query, StringComparison.Ordinal);
        Assert.Contains("state=under-review", query, StringComparison.Ordinal);
        Assert.Contains("archived=false", query, StringComparison.Ordinal);
        Assert.Contains("msgid=synthetic-3@example.org", query, StringComparison.Ordinal);
        Assert.Contains("since=2015-01-01T00:30:00", query, StringComparison.Ordinal);
        Assert.Contains("before=2016-01-01T00:00:00", query, StringComparison.Ordinal);
        Assert.Contains("delegate=wmaint", query, StringComparison.Ordinal);
        Assert.Contains("order=-id", query, StringComparison.Ordinal);
        Assert.Contains("per_page=250", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPatchesAsync_StateFilter_ReturnsOnlyThoseStates()
    {
        var fake = new SyntheticPatchwork(300) { MaxPerPage = 30 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url);

        var patches = await client.ListPatchesAsync(new PatchQuery { States = ["accepted", "rejected"], Order = "id" }).ToListAsync();

        Assert.Equal(fake.Patches.Where(p => p.State is "accepted" or "rejected").Select(p => p.Id), patches.Select(p => p.Id));
    }

    [Fact]
    public async Task ListPatchesAsync_UnknownProject_ThrowsNamingProjectAndTracker()
    {
        await using var server = await SyntheticPatchworkServer.StartAsync(new SyntheticPatchwork(10));
        using var client = TestClients.Create(server.Url);

        var ex = await Assert.ThrowsAsync<TrackerNotFoundException>(() => client.ListPatchesAsync(new PatchQuery { Project = "nope" }).ToListAsync());

        Assert.Equal($"no project 'nope' on {server.Url}", ex.Message);
    }

    [Fact]
    public async Task ListPatchesAsync_ConsumerStopsEarly_StopsWithoutError()
    {
        var fake = new SyntheticPatchwork(2000) { MaxPerPage = 10 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.MaxInFlight = 4);

        var taken = 0;
        await foreach (var patch in client.ListPatchesAsync(new PatchQuery { Order = "id" }))
        {
            if (++taken == 15)
            {
                break;
            }
        }

        Assert.Equal(15, taken);
        Assert.True(fake.Requests < 30, $"kept fetching after the consumer stopped: {fake.Requests} requests");
    }

    [Fact]
    public async Task ListPatchesAsync_EmptyResult_YieldsNothing()
    {
        var fake = new SyntheticPatchwork(100);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url);

        var patches = await client.ListPatchesAsync(new PatchQuery { Since = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc) }).ToListAsync();

        Assert.Empty(patches);
    }

    [Fact]
    public async Task ListPatchesAsync_Cancelled_ThrowsOperationCanceled()
    {
        var fake = new SyntheticPatchwork(100) { Latency = _ => TimeSpan.FromSeconds(5) };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.ApiVersion = "1.3");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var patch in client.ListPatchesAsync(new PatchQuery { Order = "id" }, cancel.Token))
            {
                Assert.Fail($"patch {patch.Id} arrived although every page takes 5 s");
            }
        });
    }
}

using System.Globalization;
using System.Text.Json;
using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;
using WireMock.RequestBuilders;

namespace PatchSync.Tracker.Tests.Http;

public sealed class EventsAndProjectsTests
{
    [Fact]
    public async Task ListEventsAsync_TwoCategories_AsksOncePerCategoryAndMergesByDate()
    {
        using var mock = new MockTracker();
        mock.Api13();
        mock.Json("/api/1.3/projects/widgets/", 200, OwnFixtures.Read("project.json"));
        using var events = JsonDocument.Parse(OwnFixtures.Read("events.json"));
        foreach (var item in events.RootElement.EnumerateArray())
        {
            // Each stub stands in for Patchwork filtering by exactly one category (a repeated one does not match).
            var category = item.GetProperty("category").GetString()!;
            mock.Server.Given(MockTrackerExtensions.Strict(Request.Create().WithPath("/api/1.3/events/").UsingGet().WithParam("category", category), "GET"))
                .RespondWith(MockTrackerExtensions.JsonResponse(200, $"[{item.GetRawText()}]"));
        }

        using var client = TestClients.Create(mock.Url);

        var listed = await client.ListEventsAsync(new EventQuery
        {
            Project = "widgets",
            Categories = [EventCategories.PatchStateChanged, EventCategories.PatchDelegated],
            Since = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Order = "date",
        }).ToListAsync();

        Assert.Equal([9000L, 9001L], listed.Select(e => e.Id)); // oldest first, as asked
        var queries = mock.Server.LogEntries.Where(e => e.RequestMessage.Path == "/api/1.3/events/").Select(e => e.RequestMessage.Query!).ToList();
        Assert.Equal(2, queries.Count);
        Assert.All(queries, q =>
        {
            Assert.Single(q["category"]);
            Assert.Equal("widgets", q["project"][0]);
            Assert.Equal("2025-01-01T00:00:00", q["since"][0]);
            Assert.Equal("date", q["order"][0]);
        });
        Assert.Equal(["patch-delegated", "patch-state-changed"], queries.Select(q => q["category"][0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListEventsAsync_NewestFirst_MergesAndDropsRepeats()
    {
        using var mock = new MockTracker();
        mock.Api13();
        using var events = JsonDocument.Parse(OwnFixtures.Read("events.json"));
        var stateChange = events.RootElement[0].GetRawText();
        var delegated = events.RootElement[1].GetRawText();

        // The state-change listing shifted while paged: page 2 repeats page 1's event.
        mock.Server.Given(MockTrackerExtensions.Strict(Request.Create().WithPath("/api/1.3/events/").UsingGet()
                .WithParam("category", "patch-state-changed").WithParam("page", "2"), "GET"))
            .AtPriority(1)
            .RespondWith(MockTrackerExtensions.JsonResponse(200, $"[{stateChange}]"));
        mock.Server.Given(MockTrackerExtensions.Strict(Request.Create().WithPath("/api/1.3/events/").UsingGet().WithParam("category", "patch-state-changed"), "GET"))
            .AtPriority(2)
            .RespondWith(MockTrackerExtensions.JsonResponse(200, $"[{stateChange}]")
                .WithHeader("Link", $"<{mock.Url}api/1.3/events/?category=patch-state-changed&page=2>; rel=\"next\", <{mock.Url}api/1.3/events/?category=patch-state-changed&page=2>; rel=\"last\""));
        mock.Server.Given(MockTrackerExtensions.Strict(Request.Create().WithPath("/api/1.3/events/").UsingGet().WithParam("category", "patch-delegated"), "GET"))
            .RespondWith(MockTrackerExtensions.JsonResponse(200, $"[{delegated}]"));
        using var client = TestClients.Create(mock.Url);

        var listed = await client.ListEventsAsync(new EventQuery { Categories = [EventCategories.PatchDelegated, EventCategories.PatchStateChanged] }).ToListAsync();

        Assert.Equal([9001L, 9000L], listed.Select(e => e.Id));
    }

    [Fact]
    public async Task ListEventsAsync_SinceAndBefore_AreNaiveUtcOnTheWire()
    {
        using var mock = new MockTracker();
        mock.Api13();
        mock.Json("/api/1.3/events/", 200, "[]");
        mock.Json("/api/1.3/patches/", 200, "[]");
        using var client = TestClients.Create(mock.Url);
        var local = new DateTime(2026, 12, 3, 19, 0, 0, DateTimeKind.Local);

        await client.ListEventsAsync(new EventQuery
        {
            Categories = [EventCategories.PatchStateChanged],
            Since = new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc),
            Before = local,
        }).ToListAsync();
        await client.ListPatchesAsync(new PatchQuery { Since = new DateTime(2026, 12, 3, 8, 0, 0, 250, DateTimeKind.Utc), Paging = PagingMode.Pages }).ToListAsync();

        var eventsQuery = mock.Server.LogEntries.Single(e => e.RequestMessage.Path == "/api/1.3/events/").RequestMessage.Url;
        var patchesQuery = mock.Server.LogEntries.Single(e => e.RequestMessage.Path == "/api/1.3/patches/").RequestMessage.Url;
        var expectedBefore = Uri.EscapeDataString(local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        Assert.Contains("since=2026-12-03T08%3A00%3A00&", eventsQuery, StringComparison.Ordinal);
        Assert.Contains($"before={expectedBefore}&", eventsQuery, StringComparison.Ordinal);
        Assert.Contains("since=2026-12-03T08%3A00%3A00.250000&", patchesQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("Z&", eventsQuery + patchesQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("%2B", eventsQuery + patchesQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProjectAsync_Unknown_SaysNoProjectOnTracker()
    {
        using var mock = new MockTracker();
        mock.Api13();
        mock.Json("/api/1.3/projects/nope/", 404, "{\"detail\":\"Not found.\"}");
        mock.Json("/api/1.3/projects/", 200, $"[{OwnFixtures.Read("project.json")}]");
        using var client = TestClients.Create(mock.Url);

        var ex = await Assert.ThrowsAsync<TrackerNotFoundException>(() => client.GetProjectAsync("nope"));

        Assert.Equal($"no project 'nope' on {mock.Url}", ex.Message);
    }

    [Fact]
    public async Task GetProjectAsync_OldServerWithoutLinkNameLookup_FindsItInTheList()
    {
        using var mock = new MockTracker();
        mock.Api13();
        mock.Json("/api/1.3/projects/widgets/", 404, "{\"detail\":\"Not found.\"}");
        mock.Json("/api/1.3/projects/", 200, $"[{OwnFixtures.Read("project.json")}]");
        using var client = TestClients.Create(mock.Url);

        var project = await client.GetProjectAsync("widgets");

        Assert.Equal(7, project.Id);
    }

    [Fact]
    public async Task ListProjectsAsync_TwoPages_FollowsNext()
    {
        using var mock = new MockTracker();
        mock.Api13();
        var project = OwnFixtures.Read("project.json");
        mock.Sequence("/api/1.3/projects/", "GET",
            WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithHeader("Link", $"<{mock.Url}api/1.3/projects/?page=2>; rel=\"next\"").WithBody($"[{project}]"),
            MockTrackerExtensions.JsonResponse(200, $"[{project.Replace("\"id\":7,", "\"id\":8,", StringComparison.Ordinal)}]"));
        using var client = TestClients.Create(mock.Url);

        var projects = await client.ListProjectsAsync().ToListAsync();

        Assert.Equal([7L, 8L], projects.Select(p => p.Id));
    }

    [Fact]
    public async Task GetSeriesAsync_Detail_ReadsCoverAndPatches()
    {
        using var mock = new MockTracker();
        mock.Api13();
        mock.Json("/api/1.3/series/55/", 200, OwnFixtures.Read("series-detail.json"));
        using var client = TestClients.Create(mock.Url);

        var series = await client.GetSeriesAsync(55);

        Assert.Equal("20250102101459.0-gear@example.net", series.CoverLetter?.MessageId);
        Assert.Equal([101L, 102L], series.Patches.Select(p => p.Id));
        Assert.True(series.ReceivedAll);
    }

    [Fact]
    public async Task FactoryClient_OverHttp_ListsEveryPatchAndTimesEachPhase()
    {
        var fake = new SyntheticPatchwork(120) { MaxPerPage = 50 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = PatchworkClientFactory.Create(TestClients.Options(server.Url));

        var patches = await client.ListPatchesAsync(new PatchQuery { Project = "synth", Order = "id" }).ToListAsync();

        Assert.Equal(120, patches.Count);
        Assert.True(client.Timings.Counter(TrackerDefaults.RequestsCounter) >= 4);
        Assert.True(client.Timings.Elapsed(TrackerDefaults.HttpPhase) > TimeSpan.Zero);
        Assert.True(client.Timings.Elapsed(TrackerDefaults.JsonPhase) > TimeSpan.Zero);
        Assert.Equal(3, client.Timings.Counter(TrackerDefaults.PagesCounter));
    }
}

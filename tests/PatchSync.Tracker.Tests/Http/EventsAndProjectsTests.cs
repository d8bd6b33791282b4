using Microsoft.Extensions.DependencyInjection;
using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;

namespace PatchSync.Tracker.Tests.Http;

public sealed class EventsAndProjectsTests
{
    [Fact]
    public async Task ListEventsAsync_Filters_AreSentAndStatesLearned()
    {
        using var mock = new MockTracker();
        mock.Api13();
        mock.Json("/api/1.3/projects/widgets/", 200, OwnFixtures.Read("project.json"));
        mock.Json("/api/1.3/events/", 200, OwnFixtures.Read("events.json"));
        using var client = TestClients.Create(mock.Url);

        var events = await client.ListEventsAsync(new EventQuery
        {
            Project = "widgets",
            Categories = [EventCategories.PatchStateChanged, EventCategories.PatchDelegated],
            Since = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Order = "date",
        }).ToListAsync();

        Assert.Equal([9001L, 9000L], events.Select(e => e.Id));
        var query = mock.Server.LogEntries.Single(e => e.RequestMessage.Path == "/api/1.3/events/").RequestMessage.Query!;
        Assert.Equal(["patch-state-changed", "patch-delegated"], query["category"]);
        Assert.Equal("widgets", query["project"][0]);
        Assert.Equal("2025-01-01T00:00:00", query["since"][0]);
        Assert.Equal("date", query["order"][0]);
        Assert.Contains("under-review", client.KnownStates);
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
    public async Task AddPatchworkClient_ServiceCollection_ResolvesAWorkingClient()
    {
        var fake = new SyntheticPatchwork(120) { MaxPerPage = 50 };
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        var services = new ServiceCollection();
        services.AddPatchworkClient(TestClients.Options(server.Url));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IPatchworkClient>();

        var patches = await client.ListPatchesAsync(new PatchQuery { Project = "synth", Order = "id" }).ToListAsync();

        Assert.Equal(120, patches.Count);
        Assert.True(client.Timings.Counter(TrackerDefaults.RequestsCounter) >= 4);
        Assert.True(client.Timings.Elapsed(TrackerDefaults.HttpPhase) > TimeSpan.Zero);
        Assert.True(client.Timings.Elapsed(TrackerDefaults.JsonPhase) > TimeSpan.Zero);
        Assert.Equal(3, client.Timings.Counter(TrackerDefaults.PagesCounter));
    }
}

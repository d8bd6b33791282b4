using PatchSync.Core.Model;
using PatchSync.Core.Ports;
using PatchSync.Testing;
using PatchSync.Testing.Tracker;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace PatchSync.Tracker.Tests.Port;

/// <summary>The client as the engine's <see cref="ITracker"/>, against WireMock stubs that answer like Patchwork (one category per request).</summary>
public sealed class PatchworkClientTrackerTests : IDisposable
{
    private const string Project = "{\"id\":7,\"url\":\"http://pw.test/api/1.3/projects/7/\",\"name\":\"W\",\"link_name\":\"widgets\",\"list_id\":\"w\",\"list_email\":\"w@x\",\"web_url\":\"\",\"scm_url\":\"\",\"webscm_url\":\"\",\"list_archive_url\":\"\",\"list_archive_url_format\":\"\",\"commit_url_format\":\"\"}";
    private readonly WireMockServer _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort.Next()}"] });

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task ListEventsAsync_FiveCategories_GetsTheEventsOfEach()
    {
        _server.Given(Request.Create().WithPath("/api/1.3/projects/widgets/").UsingGet()).RespondWith(Json(Project));
        string[] categories = ["patch-created", "patch-state-changed", "patch-delegated", "check-created", "series-completed"];
        for (var i = 0; i < categories.Length; i++)
        {
            var payload = categories[i] == "series-completed"
                ? "{\"series\":{\"id\":9,\"url\":\"u\",\"web_url\":\"u\",\"date\":\"2026-12-03T08:00:00\",\"name\":\"s\",\"version\":1,\"mbox\":\"m\"}}"
                : $"{{\"patch\":{{\"id\":{100 + i},\"url\":\"u\",\"msgid\":\"<m{i}@x>\",\"date\":\"2026-12-03T08:00:00\",\"name\":\"p\"}}}}";
            var body = $"[{{\"id\":{i + 1},\"category\":\"{categories[i]}\",\"project\":{Project},\"date\":\"2026-12-03T09:00:0{i}.000001\",\"actor\":null,\"payload\":{payload}}}]";
            _server.Given(Request.Create().WithPath("/api/1.3/events/").UsingGet().WithParam("category", categories[i])
                    .WithUrl(u => PatchworkQueryRules.RepeatedSingleValued(new Uri(u).Query).Count == 0))
                .RespondWith(Json(body));
        }

        using var client = PatchworkClientFactory.Create(new PatchworkClientOptions { BaseUrl = new Uri(_server.Urls[0] + "/"), ApiVersion = "1.3" });
        ITracker tracker = client;

        var events = await tracker.ListEventsAsync("widgets", new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.NotNull(events);
        Assert.Equal(categories.Order(StringComparer.Ordinal), events.Select(e => e.Category).Order(StringComparer.Ordinal));
        Assert.All(_server.LogEntries.Where(e => e.RequestMessage.Path == "/api/1.3/events/"), e => Assert.Contains("since=2026-12-03T08%3A00%3A00&", e.RequestMessage.Url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdatePatchAsync_AnswerUnchanged_ThrowsPushNotApplied()
    {
        var unchanged = $"{{\"id\":5,\"url\":\"u\",\"project\":{Project},\"msgid\":\"<m@x>\",\"date\":\"2026-12-03T08:00:00\",\"name\":\"p\",\"state\":\"accepted\",\"archived\":false,\"submitter\":{{\"id\":1,\"url\":\"u\",\"name\":\"n\",\"email\":\"e@x\"}},\"delegate\":null,\"series\":[]}}";
        _server.Given(Request.Create().WithPath("/api/1.3/patches/5/").UsingPatch()).RespondWith(Json(unchanged));
        using var client = PatchworkClientFactory.Create(new PatchworkClientOptions { BaseUrl = new Uri(_server.Urls[0] + "/"), ApiVersion = "1.3", Token = "t" });
        ITracker tracker = client;

        var ex = await Assert.ThrowsAsync<TrackerPushNotAppliedException>(() => tracker.UpdatePatchAsync(5, new PatchSnapshot("new", false), new PatchSnapshot("rfc", false), CancellationToken.None));

        Assert.Equal("patch 5: the tracker answered 200 but still holds state 'accepted' (asked 'rfc'): the change was not applied", ex.Message);
        Assert.IsType<TrackerUpdateNotAppliedException>(ex.InnerException);
    }

    [Fact]
    public async Task EnsureProjectAsync_TrackerAnswers500_ThrowsThePortsTrackerFailureException()
    {
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(500).WithBody("internal error"));
        using var client = PatchworkClientFactory.Create(new PatchworkClientOptions { BaseUrl = new Uri(_server.Urls[0] + "/"), ApiVersion = "1.3", MaxRetries = 0 });
        ITracker tracker = client;

        // Exactly the port's type: the engine maps it to the tracker exit code, and knows nothing of the client's.
        var ex = await Assert.ThrowsAsync<PatchSync.Core.Ports.TrackerFailureException>(() => tracker.EnsureProjectAsync("widgets", CancellationToken.None));

        Assert.Contains("500", ex.Message, StringComparison.Ordinal);
        Assert.IsType<TrackerUnavailableException>(ex.InnerException);
    }

    private static IResponseBuilder Json(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body);
}

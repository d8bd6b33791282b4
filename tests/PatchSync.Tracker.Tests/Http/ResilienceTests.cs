using System.Diagnostics;
using PatchSync.Testing;
using PatchSync.Tracker.Tests.Fakes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PatchSync.Tracker.Tests.Http;

public sealed class ResilienceTests
{
    private const string PatchPath = "/api/1.3/patches/101/";

    [Fact]
    public async Task GetPatchAsync_429WithRetryAfter_WaitsThenSucceeds()
    {
        using var mock = new MockTracker();
        mock.Sequence(PatchPath, "GET",
            Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("Content-Type", "application/json").WithBody("{\"detail\":\"Request was throttled.\"}"),
            MockTrackerExtensions.JsonResponse(200, OwnFixtures.Read("patch-detail.json")));
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var clock = Stopwatch.StartNew();
        var patch = await client.GetPatchAsync(101);

        Assert.Equal(101, patch.Id);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retry-After ignored: retried after {clock.Elapsed}");
        Assert.Equal(1, client.Timings.Counter(TrackerDefaults.RetriesCounter));
        Assert.Equal(2, client.Timings.Counter(TrackerDefaults.RequestsCounter));
    }

    [Fact]
    public async Task GetPatchAsync_LongRetryAfter_IsCappedAtMaxDelay()
    {
        using var mock = new MockTracker();
        mock.Sequence(PatchPath, "GET",
            Response.Create().WithStatusCode(503).WithHeader("Retry-After", "3600").WithHeader("Content-Type", "application/json").WithBody("{\"detail\":\"maintenance\"}"),
            MockTrackerExtensions.JsonResponse(200, OwnFixtures.Read("patch-detail.json")));
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.RetryMaxDelay = TimeSpan.FromMilliseconds(200); });

        var clock = Stopwatch.StartNew();
        await client.GetPatchAsync(101);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"waited {clock.Elapsed} for a capped Retry-After");
        Assert.Equal(2, mock.CountRequests(PatchPath));
    }

    [Fact]
    public async Task GetPatchAsync_500ThenSuccess_Retries()
    {
        using var mock = new MockTracker();
        mock.Sequence(PatchPath, "GET",
            MockTrackerExtensions.JsonResponse(500, "{\"detail\":\"boom\"}"),
            MockTrackerExtensions.JsonResponse(200, OwnFixtures.Read("patch-detail.json")));
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var patch = await client.GetPatchAsync(101);

        Assert.Equal("accepted", patch.State);
        Assert.Equal(2, mock.CountRequests(PatchPath));
    }

    [Fact]
    public async Task GetPatchAsync_Always503_ThrowsUnavailableAfterRetries()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 503, "{\"detail\":\"down\"}");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.MaxRetries = 2; });

        var ex = await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.GetPatchAsync(101));

        Assert.Equal(3, mock.CountRequests(PatchPath));
        Assert.Equal(mock.Url.Host, ex.Host);
        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 retries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPatchAsync_ServerTooSlow_TimesOutPerAttempt()
    {
        using var mock = new MockTracker();
        mock.Server.Given(Request.Create().WithPath(PatchPath).UsingGet())
            .RespondWith(MockTrackerExtensions.JsonResponse(200, OwnFixtures.Read("patch-detail.json")).WithDelay(TimeSpan.FromSeconds(3)));
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.MaxRetries = 1; o.RequestTimeout = TimeSpan.FromMilliseconds(250); });

        var ex = await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.GetPatchAsync(101));

        Assert.Contains("did not answer", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Timings.Counter(TrackerDefaults.RetriesCounter));
    }

    [Fact]
    public async Task GetPatchAsync_NothingListening_ThrowsUnavailableNamingHost()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        using var client = TestClients.Create(url, o => { o.ApiVersion = "1.3"; o.MaxRetries = 1; });

        var ex = await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.GetPatchAsync(1));

        Assert.StartsWith("cannot reach 127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Timings.Counter(TrackerDefaults.RetriesCounter));
    }

    [Fact]
    public async Task UpdatePatchAsync_400_IsNotRetried()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 400, "{\"state\":[\"Invalid state bogus. Expected one of: new, accepted.\"]}", "PATCH");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        await Assert.ThrowsAsync<TrackerBadRequestException>(() => client.UpdatePatchAsync(101, new PatchUpdate { State = "bogus" }));

        Assert.Equal(1, mock.CountRequests(PatchPath));
        Assert.Equal(0, client.Timings.Counter(TrackerDefaults.RetriesCounter));
    }

    [Fact]
    public async Task UpdatePatchAsync_429_IsNotRetried()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 429, "{\"detail\":\"Request was throttled.\"}", "PATCH");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.UpdatePatchAsync(101, new PatchUpdate { State = "accepted" }));

        Assert.Equal(1, mock.CountRequests(PatchPath));
    }

    [Fact]
    public async Task UpdatePatchAsync_503ThenSuccess_RetriesTheIdempotentUpdate()
    {
        using var mock = new MockTracker();
        mock.Sequence(PatchPath, "PATCH",
            MockTrackerExtensions.JsonResponse(503, "{\"detail\":\"busy\"}"),
            MockTrackerExtensions.JsonResponse(200, OwnFixtures.Read("patch-detail.json")));
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        var patch = await client.UpdatePatchAsync(101, new PatchUpdate { State = "accepted" });

        Assert.Equal("accepted", patch.State);
        Assert.Equal(2, mock.CountRequests(PatchPath));
        Assert.All(mock.Server.LogEntries, e => Assert.Contains("\"state\":\"accepted\"", e.RequestMessage.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListPatchesAsync_500OnAPage_RetriesThatPage()
    {
        using var mock = new MockTracker();
        mock.Sequence("/api/1.3/patches/", "GET",
            MockTrackerExtensions.JsonResponse(500, "{\"detail\":\"boom\"}"),
            MockTrackerExtensions.JsonResponse(200, OwnFixtures.Read("patches-page.json")));
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var patches = await client.ListPatchesAsync(new PatchQuery { Order = "id" }).ToListAsync();

        Assert.Equal([101L, 102L], patches.Select(p => p.Id));
    }

    [Fact]
    public async Task GetPatchAsync_ServerKeepsFailing_CircuitOpensAndStopsSending()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 503, "{\"detail\":\"down\"}");
        using var client = TestClients.Create(mock.Url, o =>
        {
            o.ApiVersion = "1.3";
            o.MaxRetries = 5;
            o.CircuitMinimumThroughput = 2;
            o.CircuitBreakDuration = TimeSpan.FromSeconds(30);
        });

        var first = await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.GetPatchAsync(101));
        var sent = mock.CountRequests(PatchPath);
        var second = await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.GetPatchAsync(101));

        Assert.Contains("circuit open", first.Message, StringComparison.Ordinal);
        Assert.Contains("circuit open", second.Message, StringComparison.Ordinal);
        Assert.True(sent < 6, $"{sent} attempts reached the server although the circuit should have opened");
        Assert.Equal(sent, mock.CountRequests(PatchPath));
    }

    [Fact]
    public async Task GetPatchAsync_TlsToPlainHttpServer_ThrowsUnavailableWithoutRetrying()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 200, OwnFixtures.Read("patch-detail.json"));
        var https = new UriBuilder(mock.Url) { Scheme = "https" }.Uri;
        using var client = TestClients.Create(https, o => o.ApiVersion = "1.3");

        var ex = await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.GetPatchAsync(101));

        Assert.StartsWith($"TLS handshake with {https.Host} failed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.Timings.Counter(TrackerDefaults.RetriesCounter));
    }
}

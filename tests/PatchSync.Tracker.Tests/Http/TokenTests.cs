using PatchSync.Tracker.Tests.Fakes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PatchSync.Tracker.Tests.Http;

public sealed class TokenTests
{
    private const string Secret = "9f8e7d6c5b4a39281706f5e4d3c2b1a0deadbeef";

    [Fact]
    public async Task UpdatePatchAsync_WithToken_SendsTokenHeaderJsonAndUserAgent()
    {
        using var mock = new MockTracker();
        mock.Server.Given(Request.Create().WithPath("/api/1.3/patches/101/").UsingPatch().WithHeader("Authorization", $"Token {Secret}"))
            .RespondWith(MockTrackerExtensions.JsonResponse(200, ArchivedPatchDetail()));
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = Secret; });

        await client.UpdatePatchAsync(101, new PatchUpdate { State = "accepted", Archived = true, Delegate = DelegateChange.None });

        var request = Assert.Single(mock.Server.LogEntries).RequestMessage;
        Assert.StartsWith("pwsync/", request.Headers!["User-Agent"][0], StringComparison.Ordinal);
        Assert.StartsWith("application/json", request.Headers["Content-Type"][0], StringComparison.Ordinal);
        Assert.Equal("{\"state\":\"accepted\",\"archived\":true,\"delegate\":null}", request.Body);
    }

    [Fact]
    public async Task Errors_AndLogs_NeverContainTheToken()
    {
        using var mock = new MockTracker();
        mock.Json("/api/1.3/patches/101/", 403, "{\"detail\":\"Invalid token.\"}", "PATCH");
        mock.Json("/api/1.3/patches/102/", 503, "{\"detail\":\"down\"}");
        var logs = new ListLoggerProvider();
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = Secret; o.MaxRetries = 1; }, logs);

        var auth = await Assert.ThrowsAsync<TrackerAuthException>(() => client.UpdatePatchAsync(101, new PatchUpdate { State = "accepted" }));
        var down = await Assert.ThrowsAsync<TrackerUnavailableException>(() => client.GetPatchAsync(102));

        Assert.DoesNotContain(Secret, auth.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, down.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SuccessfulRequest_TraceLogging_NeverShowsTheToken()
    {
        using var mock = new MockTracker();
        mock.Json("/api/1.3/patches/101/", 200, OwnFixtures.Read("patch-detail.json"));
        var logs = new ListLoggerProvider(); // every level, Trace included
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = Secret; }, logs);

        await client.GetPatchAsync(101);

        Assert.Equal($"Token {Secret}", Assert.Single(mock.Server.LogEntries).RequestMessage.Headers!["Authorization"][0]);
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsToString_HidesToken()
    {
        var options = new PatchworkClientOptions { BaseUrl = new Uri("https://user:pw@pw.example.net/"), Token = Secret };

        var text = options.ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", text, StringComparison.Ordinal);
        Assert.Contains("Token = ***", text, StringComparison.Ordinal);
    }

    // The answer must show the change asked (archived), or the client reports it as not applied.
    private static string ArchivedPatchDetail() =>
        OwnFixtures.Read("patch-detail.json").Replace("\"archived\":false", "\"archived\":true", StringComparison.Ordinal);
}

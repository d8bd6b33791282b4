using PatchSync.Tracker.Tests.Fakes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PatchSync.Tracker.Tests.Errors;

public sealed class ErrorMessageTests
{
    private const string PatchPath = "/api/1.3/patches/101/";

    [Theory]
    [InlineData("Authentication credentials were not provided.", TrackerAuthFailure.MissingToken, "a token is needed")]
    [InlineData("Invalid token.", TrackerAuthFailure.InvalidToken, "the token was rejected")]
    [InlineData("You do not have permission to perform this action.", TrackerAuthFailure.NotPermitted, "not allowed")]
    public async Task UpdatePatchAsync_403_TellsTheCauseApart(string detail, TrackerAuthFailure failure, string phrase)
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 403, $"{{\"detail\":\"{detail}\"}}", "PATCH");
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var ex = await Assert.ThrowsAsync<TrackerAuthException>(() => client.UpdatePatchAsync(101, new PatchUpdate { State = "accepted" }));

        Assert.Equal(failure, ex.Failure);
        Assert.Contains(phrase, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{mock.Url}api/1.3/patches/101/", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task GetPatchAsync_401_IsAnAuthError()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 401, "{\"detail\":\"Invalid token.\"}");
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var ex = await Assert.ThrowsAsync<TrackerAuthException>(() => client.GetPatchAsync(101));

        Assert.Equal(TrackerAuthFailure.InvalidToken, ex.Failure);
        Assert.Equal(401, ex.StatusCode);
    }

    [Fact]
    public async Task GetPatchAsync_404_NamesTheUrl()
    {
        using var mock = new MockTracker();
        mock.Json("/api/1.3/patches/999999/", 404, "{\"detail\":\"Not found.\"}");
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var ex = await Assert.ThrowsAsync<TrackerNotFoundException>(() => client.GetPatchAsync(999999));

        Assert.Equal($"not found: {mock.Url}api/1.3/patches/999999/ (server: \"Not found.\")", ex.Message);
    }

    [Fact]
    public async Task UpdatePatchAsync_UnknownState_GivesServerMessageWithTheStatesItAccepts()
    {
        using var mock = new MockTracker();
        mock.Json(PatchPath, 400, "{\"state\":[\"Invalid state bogus. Expected one of: new, under-review, accepted, awaiting-vendor.\"]}", "PATCH");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "t0k"; });

        var ex = await Assert.ThrowsAsync<TrackerBadRequestException>(() => client.UpdatePatchAsync(101, new PatchUpdate { State = "bogus" }));

        Assert.EndsWith("state: Invalid state bogus. Expected one of: new, under-review, accepted, awaiting-vendor.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPatchAsync_TruncatedJson_NamesUrlAndBytePosition()
    {
        using var mock = new MockTracker();
        var body = OwnFixtures.Read("patch-detail.json")[..200];
        mock.Json(PatchPath, 200, body);
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var ex = await Assert.ThrowsAsync<TrackerProtocolException>(() => client.GetPatchAsync(101));

        Assert.StartsWith($"malformed JSON from {mock.Url}api/1.3/patches/101/ at byte ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("of 200", ex.Message, StringComparison.Ordinal);
        Assert.InRange(ex.BytePosition!.Value, 150, 200);
    }

    [Fact]
    public async Task ListPatchesAsync_MalformedJson_ThrowsProtocolError()
    {
        using var mock = new MockTracker();
        mock.Json("/api/1.3/patches/", 200, "[{\"id\": 1,, }]");
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var ex = await Assert.ThrowsAsync<TrackerProtocolException>(() => client.ListPatchesAsync(new PatchQuery { Order = "id" }).ToListAsync());

        Assert.Equal(10, ex.BytePosition);
    }

    [Fact]
    public async Task GetPatchAsync_WrongContentType_ThrowsProtocolError()
    {
        using var mock = new MockTracker();
        mock.Server.Given(Request.Create().WithPath(PatchPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html></html>"));
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.3");

        var ex = await Assert.ThrowsAsync<TrackerProtocolException>(() => client.GetPatchAsync(101));

        Assert.Equal($"{mock.Url}api/1.3/patches/101/ answered text/html instead of JSON (is this a Patchwork API URL?)", ex.Message);
    }

    [Fact]
    public async Task UpdatePatchAsync_EmptyUpdate_ThrowsArgumentError()
    {
        using var client = TestClients.Create(new Uri("http://127.0.0.1:9/"), o => o.ApiVersion = "1.3");

        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdatePatchAsync(1, new PatchUpdate()));
    }

    [Fact]
    public void Create_BadOptions_NamesTheSetting()
    {
        var ex = Assert.Throws<ArgumentException>(() => PatchworkClientFactory.Create(new PatchworkClientOptions { BaseUrl = new Uri("ftp://x/"), }));
        Assert.Contains("http(s)", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ArgumentException>(() => PatchworkClientFactory.Create(new PatchworkClientOptions { ApiVersion = "2.0" }));
        Assert.Contains("'2.0' is not supported", ex.Message, StringComparison.Ordinal);
    }
}

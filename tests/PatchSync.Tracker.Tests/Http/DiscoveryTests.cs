using PatchSync.Tracker.Tests.Fakes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PatchSync.Tracker.Tests.Http;

public sealed class DiscoveryTests
{
    private static void HtmlNotFound(MockTracker mock, string path) =>
        mock.Server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "text/html").WithBody("<html><title>Page not found</title></html>"));

    [Fact]
    public async Task DiscoverAsync_ServerWith13_Chooses13()
    {
        using var mock = new MockTracker();
        mock.Api13();
        using var client = TestClients.Create(mock.Url);

        Assert.Equal("1.3", await client.DiscoverAsync());
        Assert.Equal(0, mock.CountRequests("/api/1.2/"));
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("1.1")]
    [InlineData("1.0")]
    public async Task DiscoverAsync_OlderServer_ChoosesNewestOffered(string newest)
    {
        using var mock = new MockTracker();
        var root = OwnFixtures.Read("api-root.json");
        mock.Json("/api/", 200, root);
        foreach (var version in TrackerDefaults.SupportedVersions)
        {
            if (string.CompareOrdinal(version, newest) > 0)
            {
                HtmlNotFound(mock, $"/api/{version}/");
            }
            else
            {
                mock.Json($"/api/{version}/", 200, root);
            }
        }

        using var client = TestClients.Create(mock.Url);

        Assert.Equal(newest, await client.DiscoverAsync());
    }

    [Fact]
    public async Task DiscoverAsync_NoApi_ThrowsNotFoundNamingTheUrl()
    {
        using var mock = new MockTracker();
        HtmlNotFound(mock, "/api/");
        using var client = TestClients.Create(mock.Url);

        var ex = await Assert.ThrowsAsync<TrackerNotFoundException>(() => client.DiscoverAsync());

        Assert.Equal($"no Patchwork API at {mock.Url}api/ (404)", ex.Message);
    }

    [Fact]
    public async Task DiscoverAsync_HtmlAnswer_ThrowsProtocolErrorNamingContentType()
    {
        using var mock = new MockTracker();
        mock.Server.Given(Request.Create().WithPath("/api/").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html>login</html>"));
        using var client = TestClients.Create(mock.Url);

        var ex = await Assert.ThrowsAsync<TrackerProtocolException>(() => client.DiscoverAsync());

        Assert.Contains("text/html instead of JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{mock.Url}api/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPatchAsync_PinnedVersion_SkipsDiscovery()
    {
        using var mock = new MockTracker();
        mock.Json("/api/1.1/patches/101/", 200, OwnFixtures.Read("patch-detail.json"));
        using var client = TestClients.Create(mock.Url, o => o.ApiVersion = "1.1");

        var patch = await client.GetPatchAsync(101);

        Assert.Equal(101, patch.Id);
        Assert.Equal(0, mock.CountRequests("/api/"));
    }

    [Fact]
    public async Task GetPatchAsync_SiteUnderPrefix_KeepsThePrefix()
    {
        using var mock = new MockTracker();
        mock.Json("/patchwork/api/1.3/patches/101/", 200, OwnFixtures.Read("patch-detail.json"));
        using var client = TestClients.Create(new Uri(mock.Url, "patchwork/"), o => o.ApiVersion = "1.3");

        var patch = await client.GetPatchAsync(101);

        Assert.Equal("accepted", patch.State);
    }
}

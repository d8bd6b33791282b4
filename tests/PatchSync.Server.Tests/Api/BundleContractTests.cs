using System.Text.Json;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// The bundle list against the real Patchwork 3.1.3 captures 30 (anonymous) and 31 (the owner's
/// token): the same bundles made here as there (a public "review-queue" and a private
/// "private-stash" of the maintainer), then the same shape item by item, the same visibility, the
/// same Allow and Link headers, and web and mbox links of the same form.
/// </summary>
public sealed class BundleContractTests : IAsyncLifetime
{
    private readonly ServerWithData _fixture = new();

    private ApiServer Server => _fixture.Server;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        await CreateAsync("{\"name\":\"review-queue\",\"patches\":[5,1,2,3,4],\"public\":true}");
        await CreateAsync("{\"name\":\"private-stash\",\"patches\":[7,6,8],\"public\":false}");
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [SharedFixtureTheory]
    [InlineData("30-bundles-public", false)]
    [InlineData("31-bundles-with-token", true)]
    public async Task List_SameBundlesAsRealServer_SameShapeVisibilityAndHeaders(string capture, bool asOwner)
    {
        var real = RealCapture.Load(capture);

        var (response, body) = await Server.GetAsync("/api/1.3/bundles/", asOwner ? _fixture.Data.MaintainerToken : null);

        Assert.Equal(real.Status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(real.Headers["Allow"], string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(real.Links.Select(l => l.Rel), LinkHeaders.Of(response).Select(l => l.Rel));
        Assert.Equal(real.Links.Select(l => new Uri(l.Url).PathAndQuery), LinkHeaders.Of(response).Select(l => new Uri(l.Url).PathAndQuery));
        Assert.Equal(Summary(real.Body), Summary(body));
        for (var i = 0; i < real.Body.GetArrayLength(); i++)
        {
            var (expected, actual) = (real.Body[i], body[i]);
            Assert.Empty(JsonShape.Differences(expected, actual, $"$[{i}]"));
            Assert.Equal(Path(expected, "web_url").Replace("/maintainer/", "/maint/", StringComparison.Ordinal), Path(actual, "web_url"));
            Assert.Equal(Path(expected, "mbox").Replace("/maintainer/", "/maint/", StringComparison.Ordinal), Path(actual, "mbox"));

            // Patchwork lists a bundle's patches by date, whatever their order in the bundle.
            var dates = actual.GetProperty("patches").EnumerateArray().Select(p => p.GetProperty("date").GetString()).ToList();
            Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        }
    }

    [SharedFixtureFact]
    public async Task Options_Bundles_SameAllowAsRealServer()
    {
        var expected = RealCapture.Load("30-bundles-public").Headers["Allow"];

        var (options, _) = await Server.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/1.3/bundles/"));

        Assert.Equal(200, (int)options.StatusCode);
        Assert.Equal(expected, string.Join(", ", options.Content.Headers.Allow));
    }

    /// <summary>Name, public flag and patch count of each bundle, in list order.</summary>
    private static List<string> Summary(JsonElement list) =>
        list.EnumerateArray().Select(b => $"{b.GetProperty("name").GetString()}:{b.GetProperty("public").GetBoolean()}:{b.GetProperty("patches").GetArrayLength()}").ToList();

    private static string Path(JsonElement bundle, string field) => new Uri(bundle.GetProperty(field).GetString()!).AbsolutePath;

    private async Task CreateAsync(string json)
    {
        var (response, _) = await Server.SendJsonAsync(HttpMethod.Post, "/api/1.3/bundles/", json, _fixture.Data.MaintainerToken);
        Assert.Equal(201, (int)response.StatusCode);
    }
}

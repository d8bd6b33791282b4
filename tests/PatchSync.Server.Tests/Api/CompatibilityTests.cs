using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>OPTIONS and <c>Allow</c> on every route, and the PATCH answer's keys, as the real Patchwork 3.1.3 captures show.</summary>
public sealed class CompatibilityTests(ServerWithData fixture) : IClassFixture<ServerWithData>
{
    [SharedFixtureTheory]
    [InlineData("01-api-root", "/api/")]
    [InlineData("02-api-1.3-root", "/api/1.3/")]
    [InlineData("04-projects", "/api/projects/")]
    [InlineData("07-patches-project-page1", "/api/patches/")]
    [InlineData("11-patch-detail", "/api/patches/1/")]
    [InlineData("19-patch-comments", "/api/1.3/patches/1/comments/")]
    [InlineData("20-patch-checks", "/api/1.3/patches/1/checks/")]
    [InlineData("22-people", "/api/people/")]
    [InlineData("22c-person-detail-with-token", "/api/1.3/people/1/")]
    [InlineData("23-users-with-token", "/api/users/")]
    [InlineData("26-series-per-page-2", "/api/series/")]
    [InlineData("27-series-detail", "/api/1.3/series/1/")]
    [InlineData("28-covers", "/api/1.3/covers/")]
    [InlineData("29-cover-detail", "/api/1.3/covers/1/")]
    [InlineData("29b-cover-comments", "/api/1.3/covers/1/comments/")]
    [InlineData("43-events-state-changed", "/api/events/")]
    public async Task Options_EveryRoute_Is200WithPatchworksAllow(string capture, string path)
    {
        var expected = RealCapture.Load(capture).Headers["Allow"];

        var (options, _) = await fixture.Server.SendAsync(new HttpRequestMessage(HttpMethod.Options, path), fixture.Data.MaintainerToken);
        var (get, _) = await fixture.Server.GetAsync(path, fixture.Data.MaintainerToken);

        Assert.Equal(200, (int)options.StatusCode);
        Assert.Equal(expected, string.Join(", ", options.Content.Headers.Allow));
        Assert.Equal(expected, string.Join(", ", get.Content.Headers.Allow));
    }

    [Fact]
    public async Task Options_CheckDetail_ListsReadMethods()
    {
        var (response, _) = await fixture.Server.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/patches/1/checks/1/"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS", string.Join(", ", response.Content.Headers.Allow));
    }

    [SharedFixtureFact]
    public async Task Patch_Answer_HasTheKeysOfPatchworksPatchAnswer()
    {
        var expected = RealCapture.Load("32-patch-update-accepted").Body.EnumerateObject().Select(p => p.Name).ToList();

        var (response, body) = await fixture.Server.SendJsonAsync(HttpMethod.Patch, "/api/1.3/patches/5/", "{\"state\":\"accepted\"}", fixture.Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(expected, body.EnumerateObject().Select(p => p.Name).ToList());
    }

    [Fact]
    public async Task Put_Answer_ShowsEmptyRelated()
    {
        var (response, body) = await fixture.Server.SendJsonAsync(HttpMethod.Put, "/api/1.3/patches/6/", "{\"state\":\"new\",\"delegate\":null}", fixture.Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, body.GetProperty("related").GetArrayLength());
    }
}

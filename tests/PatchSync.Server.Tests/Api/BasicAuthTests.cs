using System.Net.Http.Headers;
using System.Text;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>HTTP Basic auth on the API, as Patchwork's DRF BasicAuthentication (capture 37).</summary>
public sealed class BasicAuthTests(ServerWithData fixture) : IClassFixture<ServerWithData>
{
    [Fact]
    public async Task Patch_BasicAuthOfMaintainer_UpdatesThePatch()
    {
        await new UserStore(fixture.Data.Database).SetPasswordAsync("maint", "s3cret", CancellationToken.None);

        var (response, body) = await SendAsync("maint:s3cret", "{\"state\":\"changes-requested\"}");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("changes-requested", body.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("maint:wrong", "Invalid username/password.")]
    [InlineData("nobody:s3cret", "Invalid username/password.")]
    [InlineData("plain:", "Invalid username/password.")]
    public async Task Patch_BadBasicCredentials_Is403(string credentials, string detail)
    {
        await new UserStore(fixture.Data.Database).SetPasswordAsync("maint", "s3cret", CancellationToken.None);

        var (response, body) = await SendAsync(credentials, "{\"state\":\"accepted\"}");

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(detail, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_BasicNotBase64_Is403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/patches/1/");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic %%%");

        var (response, body) = await fixture.Server.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("Invalid basic header. Credentials not correctly base64 encoded.", body.GetProperty("detail").GetString());
    }

    private async Task<(HttpResponseMessage Response, System.Text.Json.JsonElement Body)> SendAsync(string credentials, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/1.3/patches/7/")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return await fixture.Server.SendAsync(request);
    }
}

using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// Every handler's refusals: unknown ids are 404 "Not found.", missing credentials and missing
/// rights 403 with Patchwork's bodies, checked before anything is read from the request body.
/// </summary>
public sealed class RefusalTests(ServerWithData fixture) : IClassFixture<ServerWithData>
{
    private const string NotFound = "Not found.";
    private const string NoCredentials = "Authentication credentials were not provided.";
    private const string NoPermission = "You do not have permission to perform this action.";

    [Theory]
    [InlineData("GET", "/api/covers/999999/", "", 404, NotFound)]
    [InlineData("GET", "/api/series/999999/", "", 404, NotFound)]
    [InlineData("GET", "/api/projects/no-such-project/", "", 404, NotFound)]
    [InlineData("GET", "/api/people/999999/", "maint", 404, NotFound)]
    [InlineData("GET", "/api/users/999999/", "maint", 404, NotFound)]
    [InlineData("GET", "/api/people/", "", 403, NoCredentials)]
    [InlineData("GET", "/api/people/1/", "", 403, NoCredentials)]
    [InlineData("GET", "/api/users/1/", "", 403, NoCredentials)]
    [InlineData("GET", "/api/patches/999999/checks/", "", 404, NotFound)]
    [InlineData("GET", "/api/patches/1/checks/999999/", "", 404, NotFound)]
    [InlineData("GET", "/api/patches/999999/comments/", "", 404, NotFound)]
    [InlineData("GET", "/api/covers/999999/comments/", "", 404, NotFound)]
    [InlineData("GET", "/api/patches/1/comments/999999/", "", 404, NotFound)]
    [InlineData("POST", "/api/patches/1/checks/", "", 403, NoCredentials)]
    [InlineData("POST", "/api/patches/999999/checks/", "maint", 404, NotFound)]
    [InlineData("POST", "/api/patches/1/checks/", "plain", 403, NoPermission)]
    [InlineData("PATCH", "/api/patches/1/", "", 403, NoCredentials)]
    [InlineData("PATCH", "/api/patches/999999/", "maint", 404, NotFound)]
    [InlineData("PATCH", "/api/patches/1/", "plain", 403, NoPermission)]
    public async Task Request_RefusedByGuard_ReturnsPatchworkDetail(string method, string path, string token, int status, string detail)
    {
        var caller = token switch
        {
            "maint" => fixture.Data.MaintainerToken,
            "plain" => fixture.Data.PlainToken,
            _ => null,
        };

        var (response, body) = await fixture.Server.SendJsonAsync(new HttpMethod(method), path, "{\"state\":\"success\"}", caller);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(detail, body.GetProperty("detail").GetString());
    }
}

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>
/// Bad input from a client is a clear 4xx in Patchwork's shape, logged (if at all) as the client's
/// error with no exception, never a 500; and a refused request changes nothing in the database.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly CapturedLog _log = new();
    private TestData _data = null!;
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _data = await TestData.CreateSqliteAsync();
        _server = await ApiServer.StartAsync(_data.Database, logging: _log.Configure);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _data.DisposeAsync();
    }

    [Theory]
    [InlineData("PATCH", "/api/patches/1/")]
    [InlineData("PUT", "/api/1.2/patches/1/")]
    [InlineData("POST", "/api/patches/1/checks/")]
    [InlineData("PATCH", "/api/patches/1/comments/1/")]
    public async Task Write_InvalidUtf8InJson_Is400JsonParseError(string method, string path)
    {
        var before = await DatabaseFingerprint.ReadAsync(_data.Database, CancellationToken.None);
        byte[] body = [.. "{\"state\":\""u8, 0xff, .. "\",\"context\":\"x\",\"addressed\":true}"u8];

        var answer = await RawHttp.SendAsync(_server.BaseUrl, method, path, [$"Authorization: Token {_data.MaintainerToken}", "Content-Type: application/json"], body, CancellationToken.None);

        Assert.Equal(400, answer.Status);
        Assert.Equal("JSON parse error.", JsonDocument.Parse(answer.Body).RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await DatabaseFingerprint.ReadAsync(_data.Database, CancellationToken.None));
        AssertNoServerErrorLogged();
    }

    [Theory]
    [InlineData("{\"state\":\"\\ud800\"}")]
    [InlineData("[\"state\"]")]
    [InlineData("{\"state\":")]
    public async Task Patch_UnreadableJson_Is400JsonParseError(string json)
    {
        var (response, body) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", json, _data.MaintainerToken);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("JSON parse error.", body.GetProperty("detail").GetString());
        AssertNoServerErrorLogged();
    }

    [Fact]
    public async Task Patch_BodyOverSizeLimit_Is413LoggedAsClientError()
    {
        // Kestrel's limit is 30 MB; declaring more is refused at the first read, so no 31 MB need be sent.
        var answer = await RawHttp.SendAsync(_server.BaseUrl, "PATCH", "/api/patches/1/", [$"Authorization: Token {_data.MaintainerToken}", "Content-Type: application/json", "Content-Length: 31457281"], null, CancellationToken.None);

        Assert.Equal(413, answer.Status);
        Assert.Equal("Request body too large.", JsonDocument.Parse(answer.Body).RootElement.GetProperty("detail").GetString());
        AssertNoServerErrorLogged();
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("client error 413", StringComparison.Ordinal) && e.Exception is null);
    }

    [Theory]
    [InlineData("commit_ref", 256)]
    [InlineData("pull_url", 256)]
    [InlineData("commit_ref", 20 * 1024 * 1024)]
    public async Task Patch_TextFieldOver255Characters_Is400FieldError(string field, int length)
    {
        var before = await DatabaseFingerprint.ReadAsync(_data.Database, CancellationToken.None);
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { [field] = new string('a', length) });

        var (response, body) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", json, _data.MaintainerToken);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("Ensure this field has no more than 255 characters.", body.GetProperty(field)[0].GetString());
        Assert.Equal(before, await DatabaseFingerprint.ReadAsync(_data.Database, CancellationToken.None));
    }

    [Theory]
    [InlineData("commit_ref")]
    [InlineData("pull_url")]
    public async Task Patch_TextFieldOf255Characters_IsStored(string field)
    {
        var value = new string('é', 255);
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { [field] = value });

        var (response, body) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/2/", json, _data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(value, body.GetProperty(field).GetString());
    }

    [Theory]
    [InlineData("{\"commit_ref\":true}", "commit_ref")]
    [InlineData("{\"pull_url\":{\"a\":1}}", "pull_url")]
    public async Task Patch_TextFieldNotAString_Is400NotAValidString(string json, string field)
    {
        var (response, body) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", json, _data.MaintainerToken);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("Not a valid string.", body.GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("GET", "/api/patches/1/")]
    [InlineData("PATCH", "/api/patches/1/")]
    public async Task Request_TokenWithNonAsciiByte_Is403InvalidToken(string method, string path)
    {
        byte[] authorization = [.. "Authorization: Token abc"u8, 0xe9, 0xff, .. "def"u8];

        var answer = await RawHttp.SendAsync(_server.BaseUrl, method, Encoding.ASCII.GetBytes(path), [authorization, "Content-Type: application/json"u8.ToArray()], "{\"state\":\"accepted\"}"u8.ToArray(), CancellationToken.None);

        Assert.Equal(403, answer.Status);
        Assert.Equal("Invalid token.", JsonDocument.Parse(answer.Body).RootElement.GetProperty("detail").GetString());
    }

    /// <summary>Nothing at Warning or above, and no stack trace at Information or above (Kestrel's own Debug lines may carry one).</summary>
    private void AssertNoServerErrorLogged() =>
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning || (e.Level >= LogLevel.Information && e.Exception is not null));
}

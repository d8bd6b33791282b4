using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using PatchSync.Server.Hosting;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Api;

/// <summary>The same test data served twice: as by default, and with <c>--patchwork-quirks</c>.</summary>
public sealed class DefaultAndStrictServers : IAsyncLifetime
{
    internal TestData Data { get; private set; } = null!;

    internal ApiServer Default { get; private set; } = null!;

    internal ApiServer Strict { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Data = await TestData.CreateSqliteAsync();
        Default = await ApiServer.StartAsync(Data.Database);
        Strict = await ApiServer.StartAsync(Data.Database, PatchworkQuirks.On);
    }

    public async Task DisposeAsync()
    {
        await Strict.DisposeAsync();
        await Default.DisposeAsync();
        await Data.DisposeAsync();
    }
}

/// <summary>
/// <c>serve --patchwork-quirks</c>: a chunked body without Content-Length is read as empty (fixture 58)
/// and an aware since/before is read as Australia/Canberra wall-clock time (fixtures 59/60), where the
/// default server reads the body and converts the time to UTC.
/// </summary>
public sealed class PatchworkQuirksTests(DefaultAndStrictServers servers) : IClassFixture<DefaultAndStrictServers>
{
    private TestData Data => servers.Data;

    [SharedFixtureFact]
    public async Task ChunkedPatch_Strict_Answers200WithThePatchUnchanged_LikeCapture58()
    {
        var capture = RealCapture.Load("58-patch-update-chunked-body");

        var (status, answered) = await PatchChunkedAsync(servers.Strict, 7, """{"state":"rfc"}""");

        // Real Patchwork: 200, and the answer shows the old state, not the "rfc" that was sent.
        Assert.Equal(200, capture.Status);
        Assert.NotEqual("rfc", capture.Body.GetProperty("state").GetString());
        Assert.Equal(capture.Status, status);
        Assert.Equal("new", answered);
        Assert.Equal("new", await StateAsync(servers.Strict, 7));
        Assert.Empty((await servers.Strict.GetAsync("/api/events/?patch=7&category=patch-state-changed")).Body.EnumerateArray());
    }

    [Fact]
    public async Task ChunkedPatch_Default_IsApplied()
    {
        var (status, answered) = await PatchChunkedAsync(servers.Default, 8, """{"state":"rfc"}""");

        Assert.Equal(200, status);
        Assert.Equal("rfc", answered);
        Assert.Equal("rfc", await StateAsync(servers.Default, 8));
    }

    [Fact]
    public async Task PatchWithContentLength_Strict_IsApplied()
    {
        var (response, body) = await servers.Strict.SendJsonAsync(HttpMethod.Patch, "/api/patches/9/", """{"state":"accepted","archived":true}""", Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("accepted", body.GetProperty("state").GetString());
        Assert.True(body.GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task ChunkedCheck_Strict_IsReadAsEmptyBody()
    {
        using var request = ChunkedRequest(HttpMethod.Post, "/api/patches/10/checks/", """{"state":"success","context":"ci"}""");

        var (response, body) = await servers.Strict.SendAsync(request, Data.MaintainerToken);

        // Patchwork sees no fields at all: state is missing.
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("A check must have a state.", body.GetProperty("state")[0].GetString());
    }

    [SharedFixtureFact]
    public async Task EventsSinceWithOffset_Strict_FindsNothingRecent_LikeCaptures59And60()
    {
        var withOffset = RealCapture.Load("59-events-since-with-offset");
        var naive = RealCapture.Load("60-events-since-naive");
        // The ingest wrote every event a moment ago: an hour back, all of them are "since".
        var since = DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        var strictNaive = await IdsAsync(servers.Strict, $"/api/events/?project=widgets&since={since}");
        var strictZ = await IdsAsync(servers.Strict, $"/api/events/?project=widgets&since={since}Z");
        var strictOffset = await IdsAsync(servers.Strict, $"/api/events/?project=widgets&since={since}%2B00:00");
        var defaultOffset = await IdsAsync(servers.Default, $"/api/events/?project=widgets&since={since}%2B00:00");

        Assert.Empty(withOffset.Body.EnumerateArray());
        Assert.NotEmpty(naive.Body.EnumerateArray());
        Assert.NotEmpty(strictNaive);
        Assert.Empty(strictZ);
        Assert.Empty(strictOffset);
        Assert.Equal(strictNaive, defaultOffset);
    }

    /// <summary>
    /// In March 2025 Canberra is on daylight saving time (UTC+11): an aware instant is compared as the
    /// naive wall-clock time 11 hours later, on every list that filters by date.
    /// </summary>
    [Theory]
    [InlineData("patches/?project=widgets", "since", "2025-03-07T00:00:00Z", "2025-03-07T11:00:00")]
    [InlineData("patches/?project=widgets", "since", "2025-03-06T16:00:00-08:00", "2025-03-07T11:00:00")]
    [InlineData("patches/?project=widgets", "before", "2025-03-07T00:00:00%2B00:00", "2025-03-07T11:00:00")]
    [InlineData("covers/?project=widgets", "since", "2025-03-07T00:00:00Z", "2025-03-07T11:00:00")]
    [InlineData("series/?project=widgets", "before", "2025-03-11T00:00:00Z", "2025-03-11T11:00:00")]
    public async Task AwareDate_Strict_ComparedAsCanberraWallClock(string list, string filter, string aware, string canberraWallClock)
    {
        var strictAware = await IdsAsync(servers.Strict, $"/api/{list}&{filter}={aware}");
        var strictWallClock = await IdsAsync(servers.Strict, $"/api/{list}&{filter}={canberraWallClock}");
        var defaultAware = await IdsAsync(servers.Default, $"/api/{list}&{filter}={aware}");
        var utc = DateTimeOffset.Parse(aware.Replace("%2B", "+", StringComparison.Ordinal), CultureInfo.InvariantCulture).UtcDateTime;
        var defaultUtc = await IdsAsync(servers.Default, $"/api/{list}&{filter}={utc:yyyy-MM-dd'T'HH:mm:ss}");

        Assert.Equal(strictWallClock, strictAware);
        Assert.Equal(defaultUtc, defaultAware);
        Assert.NotEqual(defaultAware, strictAware);
    }

    [Theory]
    [InlineData("2025-03-07")]
    [InlineData("2025-03-07T00:00:00")]
    public async Task NaiveDate_Strict_SameAsDefault(string since)
    {
        var strict = await IdsAsync(servers.Strict, $"/api/patches/?project=widgets&since={since}");
        var @default = await IdsAsync(servers.Default, $"/api/patches/?project=widgets&since={since}");

        Assert.NotEmpty(strict);
        Assert.Equal(@default, strict);
    }

    private static HttpRequestMessage ChunkedRequest(HttpMethod method, string path, string json)
    {
        var request = new HttpRequestMessage(method, path)
        {
            // A stream of unknown length: HttpClient sends it chunked, with no Content-Length.
            Content = new StreamContent(new UnsizedStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    private async Task<(int Status, string? State)> PatchChunkedAsync(ApiServer server, long id, string json)
    {
        using var request = ChunkedRequest(HttpMethod.Patch, $"/api/patches/{id}/", json);
        var (response, body) = await server.SendAsync(request, Data.MaintainerToken);
        Assert.Null(request.Content!.Headers.ContentLength);
        return ((int)response.StatusCode, body.GetProperty("state").GetString());
    }

    private static async Task<string?> StateAsync(ApiServer server, long id) =>
        (await server.GetAsync($"/api/patches/{id}/")).Body.GetProperty("state").GetString();

    private static async Task<List<long>> IdsAsync(ApiServer server, string path)
    {
        var (response, body) = await server.GetAsync(path + "&per_page=250");
        Assert.True(200 == (int)response.StatusCode, $"{path}: {(int)response.StatusCode}");
        return body.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Order().ToList();
    }

    private sealed class UnsizedStream(byte[] bytes) : PipeLikeStream
    {
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - _offset);
            Array.Copy(bytes, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }
    }
}

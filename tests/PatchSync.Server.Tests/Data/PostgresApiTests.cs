using PatchSync.Server.Data;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>The REST API served from PostgreSQL: lists with cached totals, a PATCH with its event, ETags.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTests(PostgresFixture postgres) : IAsyncLifetime
{
    private TestData _data = null!;
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        _data = await TestData.CreateAsync(Database.Open(await postgres.Cluster.CreateDatabaseAsync()));
        _server = await ApiServer.StartAsync(_data.Database);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _data.DisposeAsync();
    }

    [Fact]
    public async Task Api_OnPostgres_ListsPatchesAndRecordsStateChange()
    {
        var (list, patches) = await _server.GetAsync("/api/patches/?project=widgets&state=new&per_page=5&page=2");
        var (updated, patch) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/6/", "{\"state\":\"accepted\",\"archived\":true}", _data.MaintainerToken);
        var (_, events) = await _server.GetAsync("/api/events/?project=widgets&category=patch-state-changed");
        var (_, remaining) = await _server.GetAsync("/api/patches/?project=widgets&state=new&archived=false&per_page=100");
        var (_, comments) = await _server.GetAsync("/api/patches/1/comments/");

        Assert.Equal(200, (int)list.StatusCode);
        Assert.Equal([6L, 7L, 8L, 9L, 10L], patches.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.Equal(["next", "prev", "first", "last"], LinkHeaders.Of(list).Select(l => l.Rel));
        Assert.Equal(200, (int)updated.StatusCode);
        Assert.Equal("accepted", patch.GetProperty("state").GetString());
        Assert.Equal("accepted", Assert.Single(events.EnumerateArray()).GetProperty("payload").GetProperty("current_state").GetString());
        Assert.Equal(15, remaining.GetArrayLength());
        Assert.Equal(1, comments.GetArrayLength());
    }

    [Fact]
    public async Task Lists_OnPostgres_OneStatementHead_PagesLikeOffset()
    {
        static long[] Ids(System.Text.Json.JsonElement page) => page.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray();
        var (_, all) = await _server.GetAsync("/api/patches/?project=widgets&state=new&per_page=100");
        var (_, page1) = await _server.GetAsync("/api/patches/?project=widgets&state=new&per_page=5");
        var (_, page2) = await _server.GetAsync("/api/patches/?project=widgets&state=new&per_page=5&page=2");
        await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/2/", "{\"state\":\"accepted\"}", _data.MaintainerToken);
        var (_, page3AfterWrite) = await _server.GetAsync("/api/patches/?project=widgets&state=new&per_page=5&page=3");
        var (_, allAfterWrite) = await _server.GetAsync("/api/patches/?project=widgets&state=new&per_page=100");
        var (lastResponse, last) = await _server.GetAsync("/api/patches/?project=1&state=new&per_page=5&page=last");
        var (beyond, _) = await _server.GetAsync("/api/patches/?project=widgets&state=new&per_page=5&page=99");
        var (_, unknown) = await _server.GetAsync("/api/patches/?project=nosuchproject");
        var (_, events) = await _server.GetAsync("/api/events/?project=widgets&category=patch-state-changed");

        Assert.Equal(Ids(all)[..5], Ids(page1));
        Assert.Equal(Ids(all)[5..10], Ids(page2));
        // The boundary remembered after page 2 is stale after the write: page 3 is read by OFFSET.
        Assert.Equal(Ids(allAfterWrite)[10..15], Ids(page3AfterWrite));
        Assert.Equal(200, (int)lastResponse.StatusCode);
        Assert.Equal(Ids(allAfterWrite)[((Ids(allAfterWrite).Length - 1) / 5 * 5)..], Ids(last));
        Assert.Equal(404, (int)beyond.StatusCode);
        Assert.Equal(0, unknown.GetArrayLength());
        Assert.Equal(2L, Assert.Single(events.EnumerateArray()).GetProperty("payload").GetProperty("patch").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Lists_OnPostgres_ETagChangesWithWritesAndAnswers304()
    {
        var (first, _) = await _server.GetAsync("/api/patches/?project=widgets&per_page=5");
        var etag = first.Headers.ETag!.Tag;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/patches/?project=widgets&per_page=5");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var (notModified, _) = await _server.SendAsync(conditional);
        await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/3/", "{\"state\":\"rejected\"}", _data.MaintainerToken);
        using var afterWrite = new HttpRequestMessage(HttpMethod.Get, "/api/patches/?project=widgets&per_page=5");
        afterWrite.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var (changed, _) = await _server.SendAsync(afterWrite);

        Assert.Equal(304, (int)notModified.StatusCode);
        Assert.Equal(200, (int)changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
    }
}

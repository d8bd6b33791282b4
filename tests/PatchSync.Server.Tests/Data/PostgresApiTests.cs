using Dapper;
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

    [Fact]
    public async Task Relations_OnPostgres_JoinConflictLeaveAndShow()
    {
        var (joined, body) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"related\":[2, 3]}", _data.MaintainerToken);
        var (other, _) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"related\":[5]}", _data.MaintainerToken);
        var (conflict, _) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"related\":[1]}", _data.MaintainerToken);
        var (left, _) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"related\":[]}", _data.MaintainerToken);
        var (_, list) = await _server.GetAsync("/api/patches/?project=widgets&per_page=5");
        var (_, events) = await _server.GetAsync("/api/events/?project=widgets&category=patch-relation-changed");

        Assert.Equal(200, (int)joined.StatusCode);
        Assert.Equal([2L, 3L], body.GetProperty("related").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.Equal(200, (int)other.StatusCode);
        Assert.Equal(409, (int)conflict.StatusCode);
        Assert.Equal(200, (int)left.StatusCode);
        Assert.Equal(
            new long[][] { [2, 3], [1, 3], [1, 2], [], [] },
            list.EnumerateArray().Select(p => p.GetProperty("related").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToArray()).ToArray());
        Assert.Equal(5, events.GetArrayLength());
    }

    [Fact]
    public async Task Relations_OnPostgres_ConcurrentWrites_NoErrorAndEveryJoinHasOneEvent()
    {
        // Each patch names its neighbour at once, while the neighbours' states change: some join, some
        // meet another relation (409). Taking turns (the advisory lock, before the patch row lock), no
        // patch joins twice, no two writers deadlock and no answer is a 5xx.
        var writes = Enumerable.Range(1, 12).SelectMany(i => new[]
        {
            _server.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{i}/", $"{{\"related\":[{(i % 12) + 1}]}}", _data.MaintainerToken),
            _server.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{(i % 12) + 1}/", "{\"state\":\"accepted\"}", _data.MaintainerToken),
        });

        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.Contains((int)r.Response.StatusCode, new[] { 200, 409 }));
        await using var connection = await _data.Database.OpenConnectionAsync(CancellationToken.None);
        var members = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM patch_relation_members");
        Assert.Equal(members, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM events WHERE category = 'patch-relation-changed'"));
        Assert.Equal(members, await connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(n), 0) FROM row_counts WHERE kind = 'event:patch-relation-changed'"));
        Assert.True(members >= 2);
    }
}

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
}

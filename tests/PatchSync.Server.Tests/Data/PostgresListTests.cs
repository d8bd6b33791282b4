using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// List pages on PostgreSQL, where a page read from the start of the index or from a keyset boundary
/// comes with its rows in one command, and a page read by OFFSET remembers its own boundary: every
/// way of reading a page must give the same answer as the others.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresListTests(PostgresFixture postgres) : IAsyncLifetime
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

    [Theory]
    [InlineData("patches/?project=widgets")]
    [InlineData("patches/?project=widgets&state=new")]
    [InlineData("patches/?order=-date")]
    [InlineData("patches/?project=gadgets&order=name")]
    [InlineData("patches/?project=gadgets&order=name,-id")]
    [InlineData("events/?project=widgets")]
    [InlineData("events/?order=date")]
    [InlineData("events/?project=gadgets&category=patch-created")]
    public async Task Pages_EveryWayOfReading_SameBodies(string list)
    {
        // Events of every kind the API writes: state changes and delegations with actors, a check, a
        // relation (which list pages show as related).
        await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/3/", $"{{\"state\":\"accepted\",\"delegate\":{_data.MaintainerId}}}", _data.MaintainerToken);
        var (relation, _) = await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/2/", "{\"related\":[5,9]}", _data.MaintainerToken);
        Assert.Equal(200, (int)relation.StatusCode);
        await _server.SendJsonAsync(HttpMethod.Post, "/api/patches/4/checks/", "{\"state\":\"warning\",\"context\":\"ci\"}", _data.MaintainerToken);
        var (_, all) = await _server.GetAsync($"/api/{list}&per_page=100");
        var expected = all.EnumerateArray().Select(p => p.GetRawText()).ToList();
        var pages = (expected.Count + 2) / 3;

        for (var page = 1; page <= pages; page++)
        {
            var want = expected.Skip((page - 1) * 3).Take(3).ToList();
            var (_, cold) = await _server.GetAsync($"/api/{list}&per_page=3&page={page}");
            var (_, again) = await _server.GetAsync($"/api/{list}&per_page=3&page={page}");
            Assert.Equal(want, cold.EnumerateArray().Select(p => p.GetRawText()));
            Assert.Equal(want, again.EnumerateArray().Select(p => p.GetRawText()));
        }

        // Following next from page 1: each page continues from the boundary the previous one left.
        var followed = new List<string>();
        string? next = $"/api/{list}&per_page=3";
        while (next is not null)
        {
            var (response, body) = await _server.GetAsync(next);
            followed.AddRange(body.EnumerateArray().Select(p => p.GetRawText()));
            next = LinkHeaders.Of(response).Where(l => l.Rel == "next").Select(l => l.Url).FirstOrDefault();
        }

        Assert.Equal(expected, followed);
    }

    [Fact]
    public async Task Pages_AfterWrites_ShowTheNewDataWhicheverWayRead()
    {
        const string list = "/api/patches/?project=widgets&state=new&per_page=3";
        await _server.GetAsync(list + "&page=2");
        await _server.GetAsync(list + "&page=2");
        await _server.SendJsonAsync(HttpMethod.Patch, "/api/patches/1/", "{\"state\":\"accepted\"}", _data.MaintainerToken);
        var (_, check) = await _server.SendJsonAsync(
            HttpMethod.Post, "/api/patches/6/checks/", "{\"state\":\"fail\",\"context\":\"ci\"}", _data.MaintainerToken);

        var (_, page2) = await _server.GetAsync(list + "&page=2");
        var (_, page3) = await _server.GetAsync(list + "&page=3");
        var (_, first) = await _server.GetAsync(list);

        Assert.Equal("fail", check.GetProperty("state").GetString());
        Assert.Equal([5L, 6L, 7L], Ids(page2));
        Assert.Equal([8L, 9L, 10L], Ids(page3));
        Assert.Equal([2L, 3L, 4L], Ids(first));
        Assert.Equal("fail", page2[1].GetProperty("check").GetString());
        Assert.Equal("pending", page2[0].GetProperty("check").GetString());
    }

    private static long[] Ids(JsonElement page) => page.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray();
}

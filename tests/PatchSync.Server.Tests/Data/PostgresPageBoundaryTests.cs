using System.Globalization;
using System.Text.Json;
using Dapper;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// Remembered page boundaries on PostgreSQL across writes. A patch list's boundaries are kept at its
/// patch list version (<c>patch_list_seq</c>), which a commit ref, pull URL or check leaves as it was
/// and a state, archived or delegate change moves, whichever server process wrote. Whatever the
/// writes, every page must equal the plain OFFSET over the table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPageBoundaryTests(PostgresFixture postgres) : IAsyncLifetime
{
    private TestData _data = null!;
    private ApiServer _first = null!;
    private ApiServer _second = null!;

    public async Task InitializeAsync()
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        var connectionString = await postgres.Cluster.CreateDatabaseAsync();
        _data = await TestData.CreateAsync(Database.Open(connectionString));

        // Two servers on one database, as two processes would run: each has its own remembered
        // boundaries and sees the other's writes only through the database.
        _first = await ApiServer.StartAsync(_data.Database);
        _second = await ApiServer.StartAsync(Database.Open(connectionString));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _data.DisposeAsync();
    }

    [Fact]
    public async Task Boundary_KeptAcrossAnotherServersWritesThatLeaveTheListAlone_DroppedWhenTheListMoves()
    {
        // A widgets patch the filter (state new) does not match.
        var outside = (await ScalarsAsync("SELECT id FROM patches WHERE project_id = (SELECT id FROM projects WHERE linkname = 'widgets') ORDER BY id DESC LIMIT 1")).Single();
        await Ok(_first.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{outside}/", "{\"state\":\"accepted\"}", _data.MaintainerToken));
        var keysets = new KeysetCache();
        var reader = new PageReader(_data.Database, keysets);
        var request = PageRequest.Parse("2", "3");
        var page2 = await ReadIdsAsync(reader, request);
        Assert.Equal(await OffsetIdsAsync("state_id = 1", 3, 3), page2);

        // Replace the remembered boundary of page 2 by one a row further on, at the same version:
        // a read that uses it shows the page shifted by one row, so the test can tell it was used.
        await using (var connection = await _data.Database.OpenConnectionAsync(CancellationToken.None))
        {
            var query = await NewPatchesQueryAsync(connection);
            Assert.True(keysets.TryGetLatest(KeysetCache.Key(query, 3, 2), out var version, out _));
            keysets.Set(KeysetCache.Key(query, 3, 2), version, [page2[0]]);
        }

        var shifted = (await OffsetIdsAsync("state_id = 1", 4, 3)).ToList();
        await Ok(_second.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{page2[1]}/", "{\"commit_ref\":\"abc123\",\"pull_url\":\"https://example.org/pull\"}", _data.MaintainerToken));
        await Ok(_second.SendJsonAsync(HttpMethod.Post, $"/api/patches/{page2[1]}/checks/", "{\"state\":\"success\",\"context\":\"ci\"}", _data.MaintainerToken));
        Assert.Equal(shifted, await ReadIdsAsync(reader, request));

        // A state change, even of a patch the filter does not match: the boundary is not trusted.
        await Ok(_second.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{outside}/", "{\"state\":\"rejected\"}", _data.MaintainerToken));
        Assert.Equal(await OffsetIdsAsync("state_id = 1", 3, 3), await ReadIdsAsync(reader, request));
    }

    [Fact]
    public async Task Pages_AfterMixedWritesFromTwoServers_EqualPlainOffset()
    {
        var lists = new (string Query, string Condition)[]
        {
            ("project=widgets&state=new", "state_id = 1"),
            ("project=widgets", "true"),
            ("project=widgets&archived=false", "archived = 0"),
            ("project=widgets&state=new&state=accepted", "state_id IN (1, 3)"),
        };
        var ids = await ScalarsAsync("SELECT id FROM patches WHERE project_id = (SELECT id FROM projects WHERE linkname = 'widgets') ORDER BY id");
        var writes = new List<(ApiServer Server, HttpMethod Method, string Path, string Body)>();
        for (var i = 0; i < 4; i++)
        {
            var (a, b) = (i % 2 == 0 ? _first : _second, i % 2 == 0 ? _second : _first);
            writes.Add((a, HttpMethod.Patch, $"/api/patches/{ids[2 + i]}/", $"{{\"commit_ref\":\"c{i}\"}}"));
            writes.Add((b, HttpMethod.Patch, $"/api/patches/{ids[1 + i]}/", "{\"state\":\"accepted\"}"));
            writes.Add((a, HttpMethod.Patch, $"/api/patches/{ids[4 + i]}/", "{\"archived\":true}"));
            writes.Add((b, HttpMethod.Post, $"/api/patches/{ids[5 + i]}/checks/", "{\"state\":\"fail\",\"context\":\"ci\"}"));
            writes.Add((a, HttpMethod.Patch, $"/api/patches/{ids[1 + i]}/", "{\"state\":\"new\",\"pull_url\":\"https://example.org/p\"}"));
            writes.Add((b, HttpMethod.Patch, $"/api/patches/{ids[7 + i]}/", $"{{\"delegate\":{_data.MaintainerId}}}"));
            writes.Add((a, HttpMethod.Patch, $"/api/patches/{ids[3 + i]}/", "{\"state\":\"superseded\",\"archived\":false}"));
        }

        await AssertPagesAsync(lists);
        foreach (var (server, method, path, body) in writes)
        {
            await Ok(server.SendJsonAsync(method, path, body, _data.MaintainerToken));
            await AssertPagesAsync(lists);
        }
    }

    // Every page of every list, on both servers, read twice (the second read uses what the first
    // remembered) and by following next, against the plain OFFSET over the table.
    private async Task AssertPagesAsync(IEnumerable<(string Query, string Condition)> lists)
    {
        foreach (var (query, condition) in lists)
        {
            var all = await ScalarsAsync($"SELECT id FROM patches WHERE project_id = (SELECT id FROM projects WHERE linkname = 'widgets') AND {condition} ORDER BY id");
            var pages = Math.Max(1, (all.Count + 2) / 3);
            foreach (var server in new[] { _first, _second })
            {
                for (var page = 1; page <= pages; page++)
                {
                    var want = await OffsetIdsAsync(condition, (page - 1) * 3, 3);
                    for (var read = 0; read < 2; read++)
                    {
                        var (_, body) = await server.GetAsync($"/api/patches/?{query}&per_page=3&page={page}");
                        Assert.True(want.SequenceEqual(Ids(body)), $"{query} page {page} read {read}: want {string.Join(",", want)}, got {string.Join(",", Ids(body))}");
                    }
                }

                var followed = new List<long>();
                string? next = $"/api/patches/?{query}&per_page=3";
                while (next is not null)
                {
                    var (response, body) = await server.GetAsync(next);
                    followed.AddRange(Ids(body));
                    next = LinkHeaders.Of(response).Where(l => l.Rel == "next").Select(l => l.Url).FirstOrDefault();
                }

                Assert.Equal(all, followed);
            }
        }
    }

    private async Task<IReadOnlyList<long>> ReadIdsAsync(PageReader reader, PageRequest request)
    {
        await using var connection = await _data.Database.OpenConnectionAsync(CancellationToken.None);
        var query = await NewPatchesQueryAsync(connection);
        var read = await reader.ReadAsync(connection, query, request, null, new QueryTimings(), CancellationToken.None);
        return read.Ids;
    }

    private Task<ListQuery> NewPatchesQueryAsync(System.Data.Common.DbConnection connection) =>
        PatchQueries.BuildAsync(connection, _data.Database.Dialect, new PatchFilter { Project = "widgets", States = ["new"] }, 3, CancellationToken.None);

    private Task<List<long>> OffsetIdsAsync(string condition, int offset, int limit) => ScalarsAsync(string.Create(
        CultureInfo.InvariantCulture,
        $"SELECT id FROM patches WHERE project_id = (SELECT id FROM projects WHERE linkname = 'widgets') AND {condition} ORDER BY id LIMIT {limit} OFFSET {offset}"));

    private async Task<List<long>> ScalarsAsync(string sql)
    {
        await using var connection = await _data.Database.OpenConnectionAsync(CancellationToken.None);
        return (await connection.QueryAsync<long>(sql)).AsList();
    }

    private static async Task Ok(Task<(HttpResponseMessage Response, JsonElement Body)> sent)
    {
        var (response, body) = await sent;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
    }

    private static long[] Ids(JsonElement page) => page.EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray();
}

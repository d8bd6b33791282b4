using Dapper;
using PatchSync.Server.Data;
using PatchSync.Server.Tests.Api;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// The write tests on PostgreSQL, plus the one-statement PATCH (<c>PostgresPatchUpdate</c>) against
/// the general path: the same answers in the same order, and counts and row counts that still match
/// the rows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWriteTests(PostgresFixture postgres) : WriteTests
{
    private protected override async Task<TestData> CreateDataAsync()
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        return await TestData.CreateAsync(Database.Open(await postgres.Cluster.CreateDatabaseAsync()));
    }

    [Fact]
    public async Task Patch_OneStatement_RefusalsComeInTheGeneralOrder()
    {
        var (missing, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/999999/", "{\"state\":\"accepted\"}", Data.MaintainerToken);
        var (missingBadBody, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/999999/", "{\"state\":\"nonsense\"}", Data.MaintainerToken);
        var (forbidden, forbiddenBody) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"state\":\"accepted\"}", Data.PlainToken);
        var (forbiddenBadBody, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"archived\":\"maybe\"}", Data.PlainToken);
        var (badState, badStateBody) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"state\":\"nonsense\"}", Data.MaintainerToken);
        var (badJson, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/4/", "{\"state\":", Data.MaintainerToken);

        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal(404, (int)missingBadBody.StatusCode);
        Assert.Equal(403, (int)forbidden.StatusCode);
        Assert.Equal("You do not have permission to perform this action.", forbiddenBody.GetProperty("detail").GetString());
        Assert.Equal(403, (int)forbiddenBadBody.StatusCode);
        Assert.Equal(400, (int)badState.StatusCode);
        Assert.StartsWith("Invalid state nonsense.", badStateBody.GetProperty("state")[0].GetString());
        Assert.Equal(400, (int)badJson.StatusCode);
        Assert.Equal(0, await StateEventsAsync());
    }

    [Fact]
    public async Task Patch_OneStatement_AllFieldsAtOnce_CountsAndEventsMatchRows()
    {
        var (response, body) = await Server.SendJsonAsync(
            HttpMethod.Patch,
            "/api/patches/5/",
            "{\"state\":\"changes-requested\",\"archived\":true,\"commit_ref\":\"abc123\",\"pull_url\":\"https://git.example.org/pull/5\"}",
            Data.MaintainerToken);
        var (archiveOnly, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/6/", "{\"archived\":true}", Data.MaintainerToken);
        var (clear, cleared) = await Server.SendJsonAsync(HttpMethod.Put, "/api/patches/5/", "{\"commit_ref\":null,\"state\":\"changes-requested\",\"delegate\":null}", Data.MaintainerToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("changes-requested", body.GetProperty("state").GetString());
        Assert.True(body.GetProperty("archived").GetBoolean());
        Assert.Equal("abc123", body.GetProperty("commit_ref").GetString());
        Assert.Equal("https://git.example.org/pull/5", body.GetProperty("pull_url").GetString());
        Assert.Equal(200, (int)archiveOnly.StatusCode);
        Assert.Equal(200, (int)clear.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("commit_ref").ValueKind);
        Assert.Equal("changes-requested", cleared.GetProperty("state").GetString());
        Assert.Equal(1, await StateEventsAsync());
        await AssertCountsMatchRowsAsync();
    }

    [Fact]
    public async Task Patch_OneStatement_ConcurrentOppositeMoves_NoDeadlockAndCountsExact()
    {
        // Opposite moves between the same two count cells, and several writers of each patch.
        var updates = Enumerable.Range(0, 48).Select(i =>
            Server.SendJsonAsync(HttpMethod.Patch, $"/api/patches/{1 + (i % 6)}/", i % 2 == 0 ? "{\"state\":\"accepted\"}" : "{\"state\":\"new\"}", Data.MaintainerToken));

        var results = await Task.WhenAll(updates);

        Assert.All(results, r => Assert.Equal(200, (int)r.Response.StatusCode));
        await AssertCountsMatchRowsAsync();
    }

    [Fact]
    public async Task Patch_OneStatement_AnswerIsTheDetail_RelatedAsTheGeneralPathShowsIt()
    {
        var (joined, _) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/2/", "{\"related\":[3]}", Data.MaintainerToken);

        var (_, inRelation) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/2/", "{\"state\":\"accepted\"}", Data.MaintainerToken);
        var (_, inRelationDetail) = await Server.GetAsync("/api/patches/2/");
        var (_, alone) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/patches/5/", "{\"archived\":true}", Data.MaintainerToken);
        var (_, aloneDetail) = await Server.GetAsync("/api/patches/5/");
        var (_, oldApi) = await Server.SendJsonAsync(HttpMethod.Patch, "/api/1.1/patches/2/", "{\"state\":\"new\"}", Data.MaintainerToken);

        Assert.Equal(200, (int)joined.StatusCode);
        Assert.Equal(inRelationDetail.GetRawText(), inRelation.GetRawText());
        Assert.Equal(3, Assert.Single(inRelation.GetProperty("related").EnumerateArray()).GetProperty("id").GetInt64());

        // A PATCH answer leaves related out for a patch in no relation (DRF's partial update); GET shows [].
        Assert.False(alone.TryGetProperty("related", out _));
        Assert.Equal(0, aloneDetail.GetProperty("related").GetArrayLength());
        Assert.Equal(
            aloneDetail.EnumerateObject().Where(p => p.Name != "related").Select(p => p.ToString()),
            alone.EnumerateObject().Select(p => p.ToString()));
        Assert.False(oldApi.TryGetProperty("related", out _));
        Assert.Equal("new", oldApi.GetProperty("state").GetString());
    }

    private async Task<long> StateEventsAsync()
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM events WHERE category = 'patch-state-changed'");
    }

    private async Task AssertCountsMatchRowsAsync()
    {
        await using var connection = await Data.Database.OpenConnectionAsync(CancellationToken.None);
        var wrongCells = await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM (
                SELECT project_id, state_id, archived, COUNT(*) AS n FROM patches GROUP BY project_id, state_id, archived
            ) r FULL JOIN (SELECT * FROM patch_counts WHERE n <> 0) c USING (project_id, state_id, archived)
            WHERE r.n IS DISTINCT FROM c.n
            """);
        var wrongKinds = await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM (
                SELECT project_id, 'event:' || category AS kind, COUNT(*) AS n FROM events GROUP BY project_id, category
                UNION ALL SELECT project_id, 'event', COUNT(*) FROM events GROUP BY project_id
            ) r FULL JOIN (SELECT * FROM row_counts WHERE kind LIKE 'event%' AND n <> 0) c USING (project_id, kind)
            WHERE r.n IS DISTINCT FROM c.n
            """);
        Assert.Equal(0, wrongCells);
        Assert.Equal(0, wrongKinds);
    }
}

using PatchSync.Server.Data;
using PatchSync.Server.Tests.Api;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>The Patchwork parity tests on PostgreSQL (ILIKE, the one-statement PATCH, pooled connections).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresParityTests(PostgresFixture postgres) : PatchworkParityTests
{
    private protected override async Task<TestData> CreateDataAsync()
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        return await TestData.CreateAsync(Database.Open(await postgres.Cluster.CreateDatabaseAsync()));
    }

    /// <summary>
    /// Every write runs on the one connection its request opened: with a pool of one connection, a
    /// check POST, a comment PATCH and the bundle writes answer at once (they used to wait for a
    /// second connection until the pool timed out, a 500), as a patch PATCH and PUT always did.
    /// </summary>
    [Fact]
    public async Task Writes_WithAPoolOfOneConnection_EachUseOnlyTheRequestsConnection()
    {
        using var database = Database.Open(Data.Database.Target + ";Maximum Pool Size=1;Minimum Pool Size=0;Timeout=3");
        await using var server = await ApiServer.StartAsync(database);
        var token = Data.MaintainerToken;
        var commentId = await FirstCommentIdAsync();

        var (check, _) = await server.SendJsonAsync(HttpMethod.Post, "/api/patches/3/checks/", """{"state":"success","context":"pool"}""", token);
        var (comment, _) = await server.SendJsonAsync(HttpMethod.Patch, $"/api/1.3/patches/1/comments/{commentId}/", """{"addressed":true}""", token);
        var (bundle, created) = await server.SendJsonAsync(HttpMethod.Post, "/api/bundles/", """{"name":"pool","patches":[1,2]}""", token);
        var bundlePath = $"/api/bundles/{created.GetProperty("id").GetInt64()}/";
        var (bundlePatch, _) = await server.SendJsonAsync(HttpMethod.Patch, bundlePath, """{"public":true}""", token);
        var (bundleDelete, _) = await server.SendJsonAsync(HttpMethod.Delete, bundlePath, null, token);
        var (patch, _) = await server.SendJsonAsync(HttpMethod.Put, "/api/patches/3/", """{"state":"accepted","delegate":null}""", token);

        Assert.Equal(
            [201, 200, 201, 200, 204, 200],
            new[] { check, comment, bundle, bundlePatch, bundleDelete, patch }.Select(r => (int)r.StatusCode));
    }
}

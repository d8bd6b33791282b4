using System.Net;
using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// Bundles served from PostgreSQL: migration 4 there, writes with their name check and unique index,
/// the visibility condition and filters inside the one-statement list head, the mbox download.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBundleTests(PostgresFixture postgres) : IAsyncLifetime
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
    public async Task Bundles_OnPostgres_CreateListUpdateMboxDelete()
    {
        var maint = _data.MaintainerToken;
        var (created, bundle) = await _server.SendJsonAsync(HttpMethod.Post, "/api/bundles/", "{\"name\":\"pg queue\",\"patches\":[3,1],\"public\":true}", maint);
        var id = bundle.GetProperty("id").GetInt64();
        var (privateCreated, _) = await _server.SendJsonAsync(HttpMethod.Post, "/api/bundles/", "{\"name\":\"pg stash\",\"patches\":[2]}", maint);
        var (duplicate, duplicateBody) = await _server.SendJsonAsync(HttpMethod.Post, "/api/bundles/", "{\"name\":\"pg queue\",\"patches\":[2]}", maint);
        var (nul, _) = await _server.SendJsonAsync(HttpMethod.Post, "/api/bundles/", "{\"name\":\"a\\u0000b\",\"patches\":[2]}", maint);

        var anonymous = await IdsAsync("/api/bundles/?project=widgets&public=true&q=queue", null);
        var owner = await IdsAsync("/api/bundles/?project=widgets&owner=maint&order=-name", maint);
        var otherProject = await IdsAsync("/api/bundles/?project=gadgets", maint);
        var (updated, updatedBody) = await _server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{id}/", "{\"patches\":[4,5,6],\"name\":\"pg renamed\"}", maint);
        var (renameClash, _) = await _server.SendJsonAsync(HttpMethod.Patch, $"/api/bundles/{id}/", "{\"name\":\"pg stash\"}", maint);
        var mbox = await _server.Client.GetAsync(new Uri(updatedBody.GetProperty("mbox").GetString()!).PathAndQuery);
        var mboxText = await mbox.Content.ReadAsStringAsync();
        var (deleted, _) = await _server.SendJsonAsync(HttpMethod.Delete, $"/api/bundles/{id}/", null, maint);
        var afterDelete = await IdsAsync("/api/bundles/", maint);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, privateCreated.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.True(duplicateBody.TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Equal([id], anonymous);
        Assert.Equal([id + 1, id], owner);
        Assert.Empty(otherProject);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal([4L, 5L, 6L], updatedBody.GetProperty("patches").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, renameClash.StatusCode);
        Assert.Equal(HttpStatusCode.OK, mbox.StatusCode);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(mboxText, "(?m)^X-Patchwork-Id: [456]$"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([id + 1], afterDelete);
    }

    /// <summary>Two requests that take the same name at once: one bundle, and the other gets 400 (the unique index), never a 500.</summary>
    [Fact]
    public async Task Create_SameNameConcurrently_OneWinsOtherIs400()
    {
        var store = new BundleStore(_data.Database);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            store.CreateAsync(_data.MaintainerId, new BundleChanges("race", false, [1], 1), CancellationToken.None)));

        Assert.Single(attempts, a => a is not null);
        Assert.Single(await IdsAsync("/api/bundles/", _data.MaintainerToken));
    }

    private async Task<long[]> IdsAsync(string path, string? token)
    {
        var (response, body) = await _server.GetAsync(path, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.EnumerateArray().Select((JsonElement b) => b.GetProperty("id").GetInt64()).ToArray();
    }
}

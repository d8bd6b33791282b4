using System.Text.Json;
using PatchSync.Server.Data;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// A NUL character in a text field: PostgreSQL text cannot hold one, and Patchwork (DRF) refuses it
/// in every CharField with 400 "Null characters are not allowed." whatever the database; so does
/// this server, on PostgreSQL and on SQLite, and the row stays as it was.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNullCharacterTests(PostgresFixture postgres)
{
    public static TheoryData<string, string, string> Writes => new()
    {
        { "PATCH", "/api/patches/1/", "{\"commit_ref\":\"abc\\u0000def\"}" },
        { "PATCH", "/api/patches/1/", "{\"pull_url\":\"https://example.org/\\u0000\"}" },
        { "PATCH", "/api/patches/1/", "{\"state\":\"accepted\",\"commit_ref\":\"\\u0000\"}" },
        { "PUT", "/api/patches/1/", "{\"state\":\"accepted\",\"commit_ref\":\"\\u0000\"}" },
        { "POST", "/api/patches/1/checks/", "{\"state\":\"success\",\"context\":\"ci\",\"description\":\"a\\u0000b\"}" },
        { "POST", "/api/patches/1/checks/", "{\"state\":\"success\",\"context\":\"ci\",\"target_url\":\"https://ci.example.org/\\u0000\"}" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task NulInText_400OnBothDatabases_NothingChanged(string method, string path, string json)
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        var field = JsonDocument.Parse(json).RootElement.EnumerateObject().Last().Name;
        await using var pg = await TestData.CreateAsync(Database.Open(await postgres.Cluster.CreateDatabaseAsync()));
        await using var sqlite = await TestData.CreateSqliteAsync();
        foreach (var data in new[] { pg, sqlite })
        {
            await using var server = await ApiServer.StartAsync(data.Database);
            var (_, before) = await server.GetAsync("/api/patches/1/");
            var (response, body) = await server.SendJsonAsync(new HttpMethod(method), path, json, data.MaintainerToken);

            Assert.Equal(400, (int)response.StatusCode);
            Assert.Equal("Null characters are not allowed.", body.GetProperty(field)[0].GetString());
            var (_, after) = await server.GetAsync("/api/patches/1/");
            Assert.Equal(before.GetRawText(), after.GetRawText());
            var (_, checks) = await server.GetAsync("/api/patches/1/checks/");
            Assert.Equal(0, checks.GetArrayLength());
        }
    }
}

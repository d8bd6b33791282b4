using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using PatchSync.Server.Data;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// The real git-pw's bundle commands, unchanged, against the built pwsync-server (served as strict as
/// Patchwork, <c>--patchwork-quirks</c>): create, show, update, add, remove, list, download and delete,
/// with the server's state read back (over the API and from its database) after each.
/// </summary>
public sealed partial class GitPwBundleTests
{
    [Fact]
    public async Task GitPw_BundleCommands_CreateShowUpdateListDownloadDelete()
    {
        await using var server = new ServerProcess();
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@widgets.example.org", maintainerOf: "widgets");
        await server.AddUserAsync("other", "other@example.org");
        var token = await server.NewTokenAsync("maint");
        var otherToken = await server.NewTokenAsync("other");
        await server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var database = Database.Open(server.Database);
        using var repository = await GitPwRepository.CreateAsync(server.BaseUrl, "widgets", token);

        // create: a public bundle of patches 3, 1, 2, in that order.
        var created = await repository.GitPwAsync("bundle", "create", "--public", "review", "3", "1", "2");
        var id = Assert.Single((await GetJsonAsync(http, "/api/bundles/", token)).EnumerateArray()).GetProperty("id").GetInt64();
        var bundle = await GetJsonAsync(http, $"/api/bundles/{id}/", token);
        Assert.Equal("review", bundle.GetProperty("name").GetString());
        Assert.True(bundle.GetProperty("public").GetBoolean());
        Assert.Equal("maint", bundle.GetProperty("owner").GetProperty("username").GetString());
        Assert.Equal(new long[] { 3, 1, 2 }, await BundleOrderAsync(database, id));
        Assert.Contains("review", created, StringComparison.Ordinal);

        // show, by id and by name (git-pw searches with q= and needs exactly one match).
        foreach (var key in new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture), "review" })
        {
            var shown = await repository.GitPwAsync("bundle", "show", "--format", "csv", key);
            var rows = CsvRows(shown);
            Assert.Equal("review", rows["Name"]);
            Assert.Equal("maint", rows["Owner"]);
            Assert.Equal("Widgets", rows["Project"]);
            Assert.Equal("True", rows["Public"]);
            Assert.Equal($"{server.BaseUrl}bundle/maint/review/", rows["URL"]);
            foreach (var patch in bundle.GetProperty("patches").EnumerateArray())
            {
                Assert.Contains(patch.GetProperty("name").GetString()!, shown, StringComparison.Ordinal);
            }
        }

        // update: rename, make private and replace the patches.
        await repository.GitPwAsync("bundle", "update", "--name", "queue", "--private", "--patch", "5", "--patch", "4", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bundle = await GetJsonAsync(http, $"/api/bundles/{id}/", token);
        Assert.Equal("queue", bundle.GetProperty("name").GetString());
        Assert.False(bundle.GetProperty("public").GetBoolean());
        Assert.Equal(new long[] { 5, 4 }, await BundleOrderAsync(database, id));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/bundles/{id}/")).StatusCode);

        // add 6 (git-pw sends the new patches first, then the bundle's), then remove 4.
        await repository.GitPwAsync("bundle", "add", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "6");
        Assert.Equal(new long[] { 6, 4, 5 }, await BundleOrderAsync(database, id));
        await repository.GitPwAsync("bundle", "remove", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "4");
        bundle = await GetJsonAsync(http, $"/api/bundles/{id}/", token);
        var remaining = bundle.GetProperty("patches").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(new long[] { 5, 6 }, remaining.Order());
        Assert.Equal(remaining, await BundleOrderAsync(database, id));

        // list: the caller's own private bundle and others' public ones, never others' private ones.
        await PostJsonAsync(http, "/api/bundles/", "{\"name\":\"others-public\",\"patches\":[7],\"public\":true}", otherToken);
        await PostJsonAsync(http, "/api/bundles/", "{\"name\":\"others-secret\",\"patches\":[8]}", otherToken);
        var listed = await repository.GitPwAsync("bundle", "list", "--format", "csv");
        Assert.Contains("\"queue\",\"maint\",\"no\"", listed, StringComparison.Ordinal);
        Assert.Contains("\"others-public\",\"other\",\"yes\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("others-secret", listed, StringComparison.Ordinal);
        var byOwner = await repository.GitPwAsync("bundle", "list", "--owner", "other", "--format", "csv");
        Assert.Contains("others-public", byOwner, StringComparison.Ordinal);
        Assert.DoesNotContain("queue", byOwner, StringComparison.Ordinal);

        // download: the private bundle's mbox (the owner's token), patches in the bundle's order.
        var mboxFile = Path.Combine(repository.Path, "bundle.mbox");
        await repository.GitPwAsync("bundle", "download", id.ToString(System.Globalization.CultureInfo.InvariantCulture), mboxFile);
        var mbox = await File.ReadAllTextAsync(mboxFile);
        Assert.Equal(remaining, PatchworkIds().Matches(mbox).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.StartsWith("From patchwork ", mbox, StringComparison.Ordinal);

        // delete: gone from the API and from the database.
        await repository.GitPwAsync("bundle", "delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var gone = new HttpRequestMessage(HttpMethod.Get, $"/api/bundles/{id}/"))
        {
            gone.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(gone)).StatusCode);
        }

        Assert.Empty(await BundleOrderAsync(database, id));
        var afterDelete = await repository.GitPwAsync("bundle", "list", "--format", "csv");
        Assert.DoesNotContain("queue", afterDelete, StringComparison.Ordinal);
        Assert.Contains("others-public", afterDelete, StringComparison.Ordinal);
    }

    /// <summary>The patch ids of a bundle in its stored order (the order of its mbox).</summary>
    private static async Task<long[]> BundleOrderAsync(Database database, long bundleId)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        return (await connection.QueryAsync<long>("SELECT patch_id FROM bundle_patches WHERE bundle_id = @bundleId ORDER BY ordering", new { bundleId })).ToArray();
    }

    /// <summary>git-pw's <c>--format csv</c> property table as a dictionary (the continuation rows of "Patches" are skipped).</summary>
    private static Dictionary<string, string> CsvRows(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split("\",\"", 2))
            .Where(cells => cells.Length == 2 && cells[0].Trim('"').Length > 0)
            .GroupBy(cells => cells[0].Trim('"'))
            .ToDictionary(g => g.Key, g => g.First()[1].Trim('"'));

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static async Task PostJsonAsync(HttpClient http, string path, string json, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [GeneratedRegex(@"(?m)^X-Patchwork-Id: (\d+)$")]
    private static partial Regex PatchworkIds();
}

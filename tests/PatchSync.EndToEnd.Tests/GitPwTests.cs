using System.Net.Http.Headers;
using System.Text.Json;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// Existing Patchwork clients work unchanged: the real git-pw against the built pwsync-server, with the
/// widgets test mbox ingested. Covers the REST reads and writes and the web-site mbox downloads.
/// </summary>
public sealed class GitPwTests
{
    [Fact]
    public async Task GitPw_AgainstServer_ListsShowsUpdatesAndDownloads()
    {
        await using var server = new ServerProcess();
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@widgets.example.org", maintainerOf: "widgets");
        var token = await server.NewTokenAsync("maint");
        await server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var patch = await GetJsonAsync(http, "/api/patches/1/");
        var name = patch.GetProperty("name").GetString()!;
        using var repository = await GitPwRepository.CreateAsync(server.BaseUrl, "widgets", token);

        var list = await repository.GitPwAsync("patch", "list", "--format", "csv");
        Assert.Contains(name, list, StringComparison.Ordinal);

        var show = await repository.GitPwAsync("patch", "show", "1");
        Assert.Contains(name, show, StringComparison.Ordinal);

        await repository.GitPwAsync("patch", "update", "--state", "accepted", "1");
        Assert.Equal("accepted", (await GetJsonAsync(http, "/api/patches/1/")).GetProperty("state").GetString());

        var patchFile = Path.Combine(repository.Path, "patch-1.mbox");
        await repository.GitPwAsync("patch", "download", "--mbox", "1", patchFile);
        var mbox = await File.ReadAllTextAsync(patchFile);
        Assert.StartsWith("From patchwork ", mbox, StringComparison.Ordinal);
        Assert.Contains($"\nSubject: {patch.GetProperty("headers").GetProperty("Subject").GetString()}\n", mbox, StringComparison.Ordinal);
        Assert.Contains(patch.GetProperty("diff").GetString()!.TrimEnd('\n'), mbox, StringComparison.Ordinal);

        // Patch 1 of the test mbox changes "size = 1" to "size = 2" in src/gear.c: give it that file to apply to.
        await repository.CommitFileAsync("src/gear.c", "# widgets\nsize = 1\nend\n");
        await repository.GitPwAsync("patch", "apply", "1");
        Assert.Equal("# widgets\nsize = 2\nend\n", await File.ReadAllTextAsync(Path.Combine(repository.Path, "src", "gear.c")));
        Assert.Contains("gear: adjust default gear size", await repository.GitAsync("log", "-1", "--format=%s"), StringComparison.Ordinal);

        var seriesId = patch.GetProperty("series")[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var series = await GetJsonAsync(http, $"/api/series/{seriesId}/");
        var seriesFile = Path.Combine(repository.Path, "series.mbox");
        await repository.GitPwAsync("series", "download", seriesId, seriesFile);
        var seriesMbox = await File.ReadAllTextAsync(seriesFile);
        foreach (var member in series.GetProperty("patches").EnumerateArray())
        {
            Assert.Contains($"\nX-Patchwork-Id: {member.GetProperty("id").GetInt64()}\n", seriesMbox, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// <c>git pw patch apply 3</c> (default <c>--deps</c>) fetches <c>…/mbox/?series=*</c>: patch 3 with
    /// patches 1 and 2 of its series, so all three commits land, in order. <c>download --diff</c> with
    /// no output path fetches <c>…/raw/</c>, the diff alone.
    /// </summary>
    [Fact]
    public async Task GitPw_PatchApplyWithDepsAndDownloadDiff_LandsWholeSeriesAndRawDiff()
    {
        await using var server = new ServerProcess();
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@widgets.example.org", maintainerOf: "widgets");
        var token = await server.NewTokenAsync("maint");
        await server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var third = await GetJsonAsync(http, "/api/patches/3/");
        Assert.StartsWith("[3/3]", third.GetProperty("name").GetString(), StringComparison.Ordinal);
        using var repository = await GitPwRepository.CreateAsync(server.BaseUrl, "widgets", token);

        // Patches 1-3 of the test mbox change "size = 1/2/3" in src/gear.c, spindle.c and lever.c.
        await repository.CommitFileAsync("src/gear.c", "# widgets\nsize = 1\nend\n");
        await repository.CommitFileAsync("src/spindle.c", "# widgets\nsize = 2\nend\n");
        await repository.CommitFileAsync("src/lever.c", "# widgets\nsize = 3\nend\n");
        await repository.GitPwAsync("patch", "apply", "3");

        var subjects = (await repository.GitAsync("log", "-3", "--reverse", "--format=%s")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["gear: adjust default gear size", "spindle: adjust default spindle size", "lever: adjust default lever size"], subjects);
        Assert.Equal("# widgets\nsize = 6\nend\n", await File.ReadAllTextAsync(Path.Combine(repository.Path, "src", "lever.c")));

        var downloaded = await repository.GitPwWithLogAsync("patch", "download", "--diff", "3");
        var path = downloaded.Split(' ', '\n').Last(w => w.EndsWith(".diff", StringComparison.Ordinal));
        Assert.Equal(third.GetProperty("diff").GetString(), await File.ReadAllTextAsync(path));
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PatchSync.Testing.Server;

namespace PatchSync.Server.Tests.EndToEnd;

/// <summary>The built pwsync-server as a child process: admin commands, then the API over real HTTP.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task ServerProcess_AdminCommandsThenServe_MaintainerAcceptsPatch()
    {
        await using var server = new ServerProcess();
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@widgets.example.org", "widgets");
        var token = await server.NewTokenAsync("maint");
        var counts = await server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await server.StartAsync();

        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var list = JsonDocument.Parse(await client.GetStringAsync("/api/patches/?project=widgets&state=new")).RootElement;
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/patches/1/") { Content = new StringContent("{\"state\":\"accepted\"}", Encoding.UTF8, "application/json") };
        patch.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var updated = await client.SendAsync(patch);
        var events = JsonDocument.Parse(await client.GetStringAsync("/api/events/?category=patch-state-changed")).RootElement;

        Assert.Equal("patches: 16, covers: 4, comments: 10, skipped: 1", counts);
        Assert.Equal(16, list.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("accepted", events[0].GetProperty("payload").GetProperty("current_state").GetString());
    }

    [Fact]
    public async Task ServerProcess_IngestFromStdin_ReadsDash()
    {
        await using var server = new ServerProcess();
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");

        var result = await server.RunAsync(["ingest", "--project", "widgets", "-"], await File.ReadAllTextAsync(ServerProcess.SampleMbox));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("patches: 16, covers: 4, comments: 10, skipped: 1", result.Output.Trim());
    }

    [Theory]
    [InlineData(false, "accepted")]
    [InlineData(true, "new")]
    public async Task ServerProcess_ChunkedPatch_AppliedUnlessPatchworkQuirks(bool patchworkQuirks, string expectedState)
    {
        await using var server = new ServerProcess { PatchworkQuirks = patchworkQuirks };
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@widgets.example.org", "widgets");
        var token = await server.NewTokenAsync("maint");
        await server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await server.StartAsync();

        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/patches/1/")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"state\":\"accepted\"}"))),
        };
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        patch.Content.Headers.ContentLength = null;
        patch.Headers.TransferEncodingChunked = true;
        patch.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var updated = await client.SendAsync(patch);
        var detail = JsonDocument.Parse(await client.GetStringAsync("/api/patches/1/")).RootElement;

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(expectedState, detail.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ServerProcess_MaintainerRelatesPatches_ShownAndEventServed()
    {
        await using var server = new ServerProcess();
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@widgets.example.org", "widgets");
        var token = await server.NewTokenAsync("maint");
        await server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await server.StartAsync();

        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/1.2/patches/2/") { Content = new StringContent("{\"related\":[1]}", Encoding.UTF8, "application/json") };
        patch.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var updated = await client.SendAsync(patch);
        var detail = JsonDocument.Parse(await client.GetStringAsync("/api/patches/1/")).RootElement;
        var events = JsonDocument.Parse(await client.GetStringAsync("/api/events/?category=patch-relation-changed")).RootElement;

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, detail.GetProperty("related")[0].GetProperty("id").GetInt64());
        Assert.Equal([2L, 1L], events.EnumerateArray().Select(e => e.GetProperty("payload").GetProperty("patch").GetProperty("id").GetInt64()));
    }
}

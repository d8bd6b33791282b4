using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PatchSync.Testing;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests.Support;

/// <summary>
/// A real pwsync-server (temp SQLite, the sample mbox ingested, a maintainer and a non-maintainer with
/// tokens), a real notmuch database with the same mails, and a pwsync config pointing at both.
/// </summary>
internal sealed class SyncWorld : IAsyncDisposable
{
    public const string Project = "widgets";
    public const string Epoch = "2025-03-01";

    private readonly TempDirectory _dir = new("pwsync-e2e");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private SyncWorld(ServerProcess server, NotmuchMailbox mail)
    {
        Server = server;
        Mail = mail;
    }

    public ServerProcess Server { get; }

    public NotmuchMailbox Mail { get; }

    public string MaintainerToken { get; private set; } = string.Empty;

    public string OutsiderToken { get; private set; } = string.Empty;

    public string ConfigPath => _dir.File("pwsync.toml");

    public string StatePath => _dir.File("state.db");

    public static async Task<SyncWorld> CreateAsync()
    {
        var server = new ServerProcess();
        var world = new SyncWorld(server, await NotmuchMailbox.CreateAsync(ServerProcess.SampleMbox));
        await server.AddProjectAsync(Project, "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@example.org", maintainerOf: Project);
        await server.AddUserAsync("outsider", "outsider@example.org");
        world.MaintainerToken = await server.NewTokenAsync("maint");
        world.OutsiderToken = await server.NewTokenAsync("outsider");
        await server.IngestAsync(Project, [ServerProcess.SampleMbox]);
        await server.StartAsync();
        world.WriteConfig(server.BaseUrl.ToString(), world.MaintainerToken);
        return world;
    }

    /// <summary>Writes the pwsync config (the token goes to a 0600 file, as a user would keep it).</summary>
    public void WriteConfig(string trackerUrl, string token, string extra = "")
    {
        File.WriteAllText(_dir.File("token"), token + "\n");
        File.WriteAllText(ConfigPath, $"""
            state_db = "state.db"
            {extra}
            [trackers.local]
            url = "{trackerUrl}"
            token_file = "token"

            [stores.mail]
            kind = "notmuch"
            config = "{Mail.ConfigPath}"

            [projects.{Project}]
            epoch = {Epoch}

            """);
    }

    public Task<CommandResult> PwsyncAsync(params string[] args) =>
        PwsyncProcess.RunAsync(["--config", ConfigPath, .. args]);

    public Task<CommandResult> PwsyncWithEnvAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        PwsyncProcess.RunAsync(["--config", ConfigPath, .. args], environment);

    /// <summary>Every patch of the project: id, Message-ID, state, archived.</summary>
    public async Task<List<(long Id, string MessageId, string State, bool Archived)>> PatchesAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Server.BaseUrl, $"/api/patches/?project={Project}&per_page=250&order=id")));
        return doc.RootElement.EnumerateArray()
            .Select(p => (p.GetProperty("id").GetInt64(), p.GetProperty("msgid").GetString()!.Trim('<', '>'), p.GetProperty("state").GetString()!, p.GetProperty("archived").GetBoolean()))
            .ToList();
    }

    public async Task<string> StateOfAsync(long id) =>
        (await PatchesAsync()).Single(p => p.Id == id).State;

    /// <summary>A maintainer changes a state on the tracker (web UI / API).</summary>
    public Task SetStateAsync(long id, string state) => PatchPatchAsync(id, $$"""{"state":"{{state}}"}""");

    /// <summary>A maintainer PATCHes a patch through the REST API with <paramref name="json"/> (sent with a Content-Length).</summary>
    public async Task PatchPatchAsync(long id, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(Server.BaseUrl, $"/api/patches/{id}/"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", MaintainerToken);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// What the tracker has been written, seen from the server side: the project list's ETag (derived
    /// from the project's change counter, which every accepted PATCH bumps, even one that changes
    /// nothing) and the number of the project's events. Equal marks before and after a run mean the
    /// run sent no PATCH that the server accepted.
    /// </summary>
    public async Task<(string ETag, int Events)> TrackerWriteMarkAsync()
    {
        using var list = await _http.GetAsync(new Uri(Server.BaseUrl, $"/api/patches/?project={Project}&per_page=1"));
        list.EnsureSuccessStatusCode();
        var etag = list.Headers.ETag?.Tag ?? throw new InvalidOperationException("the patch list has no ETag");
        var events = 0;
        for (var page = 1; ; page++)
        {
            using var response = await _http.GetAsync(new Uri(Server.BaseUrl, $"/api/events/?project={Project}&per_page=250&page={page}"));
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            events += doc.RootElement.GetArrayLength();
            if (!(response.Headers.TryGetValues("Link", out var links) && links.Any(l => l.Contains("rel=\"next\"", StringComparison.Ordinal))))
            {
                return (etag, events);
            }
        }
    }

    public async Task<string> DumpTrackerAsync() =>
        string.Join('\n', (await PatchesAsync()).Select(p => $"{p.Id} {p.MessageId}: {p.State}{(p.Archived ? " archived" : string.Empty)}"));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Mail.Dispose();
        _http.Dispose();
        _dir.Dispose();
    }
}

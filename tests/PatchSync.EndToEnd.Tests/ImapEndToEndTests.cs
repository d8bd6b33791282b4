using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PatchSync.EndToEnd.Tests.Support;
using PatchSync.Testing;
using PatchSync.Testing.MailStores;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests;

/// <summary>pwsync against a real pwsync-server and a real Dovecot: patch states as IMAP keywords.</summary>
public sealed class ImapEndToEndTests : IAsyncLifetime
{
    private const string PasswordVariable = "PWSYNC_E2E_IMAP_PASSWORD";
    private readonly TempDirectory _dir = new("pwsync-e2e-imap");
    private readonly ServerProcess _server = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private DovecotServer _dovecot = null!;
    private string _token = string.Empty;

    public async Task InitializeAsync()
    {
        _dovecot = await DovecotServer.StartAsync();
        await _server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await _server.AddUserAsync("maint", "maint@example.org", maintainerOf: "widgets");
        _token = await _server.NewTokenAsync("maint");
        await _server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await _server.StartAsync();
        foreach (var message in SplitMbox(await File.ReadAllTextAsync(ServerProcess.SampleMbox)))
        {
            await _dovecot.SaveAsync("INBOX", message);
        }

        await File.WriteAllTextAsync(_dir.File("token"), _token + "\n");
        await File.WriteAllTextAsync(_dir.File("pwsync.toml"), $"""
            state_db = "state.db"
            [trackers.local]
            url = "{_server.BaseUrl}"
            token_file = "token"
            [stores.imap]
            kind = "imap"
            host = "{DovecotServer.Host}"
            port = {_dovecot.Port}
            security = "insecure"
            user = "{DovecotServer.User}"
            password_env = "{PasswordVariable}"
            folders = ["INBOX"]
            [projects.widgets]
            epoch = 2025-03-01
            """);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", _token);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _dovecot.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    private Task<CommandResult> PwsyncAsync(params string[] args) =>
        PwsyncProcess.RunAsync(
            ["--config", _dir.File("pwsync.toml"), .. args],
            new Dictionary<string, string> { [PasswordVariable] = DovecotServer.Password });

    private async Task<string> KeywordsOfAsync(string messageId) =>
        await _dovecot.DoveadmAsync("-f", "flow", "fetch", "-u", DovecotServer.User, "flags", "mailbox", "INBOX", "header", "Message-ID", messageId);

    [Fact]
    public async Task Pwsync_Imap_TagsKeywordsAndPushesKeywordEdits()
    {
        var first = await PwsyncAsync();

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("16 retagged", first.Output);
        Assert.DoesNotContain(DovecotServer.Password, first.Output + first.Error);
        var flags = await _dovecot.FetchFlagsAsync("INBOX");
        Assert.Equal(16, flags.Split('\n').Count(l => l.Contains("pw-new", StringComparison.Ordinal)));

        // Another IMAP client (the maintainer's mail program) moves patch 2 to accepted...
        const string second = "2025030300-2-ada@widgets.example.org";
        await _dovecot.FlagsAsync("remove", "INBOX", $"header Message-ID {second}", "pw-new");
        await _dovecot.FlagsAsync("add", "INBOX", $"header Message-ID {second}", "pw-accepted");
        // ...and a maintainer rejects patch 1 on the tracker.
        using (var body = new StringContent("{\"state\":\"rejected\"}", Encoding.UTF8, "application/json"))
        {
            (await _http.PatchAsync(new Uri(_server.BaseUrl, "/api/patches/1/"), body)).EnsureSuccessStatusCode();
        }

        var next = await PwsyncAsync();

        Assert.True(next.ExitCode == 0, next.Error);
        using var patch2 = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.BaseUrl, "/api/patches/2/")));
        Assert.Equal("accepted", patch2.RootElement.GetProperty("state").GetString());
        Assert.Contains("pw-rejected", await KeywordsOfAsync("2025030300-1-ada@widgets.example.org"));
        Assert.DoesNotContain("pw-new", await KeywordsOfAsync("2025030300-1-ada@widgets.example.org"));
        var keywords2 = await KeywordsOfAsync(second);
        Assert.Contains("pw-accepted", keywords2);
        Assert.DoesNotContain("pw-new", keywords2);
    }

    [Fact]
    public async Task Pwsync_ImapKeywordEdit_ReachesTracker()
    {
        const string patch3 = "2025030300-3-ada@widgets.example.org";
        var first = await PwsyncAsync();
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal("new", await TrackerStateAsync(3));
        Assert.Contains("pw-new", await KeywordsOfAsync(patch3));

        // The maintainer's mail program moves patch 3 to changes-requested.
        await _dovecot.FlagsAsync("remove", "INBOX", $"header Message-ID {patch3}", "pw-new");
        await _dovecot.FlagsAsync("add", "INBOX", $"header Message-ID {patch3}", "pw-changes-requested");
        var next = await PwsyncAsync();

        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Contains("1 pushed", next.Output, StringComparison.Ordinal);
        Assert.Equal("changes-requested", await TrackerStateAsync(3));
        var keywords = await KeywordsOfAsync(patch3);
        Assert.Contains("pw-changes-requested", keywords);
        Assert.DoesNotContain("pw-new", keywords);
    }

    [Fact]
    public async Task Pwsync_ImapWrongPassword_MailStoreErrorExit4()
    {
        var run = await PwsyncProcess.RunAsync(
            ["--config", _dir.File("pwsync.toml")],
            new Dictionary<string, string> { [PasswordVariable] = "wrong-password" });

        Assert.Equal(4, run.ExitCode);
        Assert.DoesNotContain("wrong-password", run.Output + run.Error);
    }

    private async Task<string?> TrackerStateAsync(long id)
    {
        using var patch = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.BaseUrl, $"/api/patches/{id}/")));
        return patch.RootElement.GetProperty("state").GetString();
    }

    internal static IEnumerable<string> SplitMbox(string mbox)
    {
        var message = new StringBuilder();
        foreach (var line in mbox.Split('\n'))
        {
            if (line.StartsWith("From ", StringComparison.Ordinal))
            {
                if (message.Length > 0)
                {
                    yield return message.ToString();
                }

                message.Clear();
                continue;
            }

            message.Append(line.StartsWith(">From ", StringComparison.Ordinal) ? line[1..] : line).Append('\n');
        }

        if (message.Length > 0)
        {
            yield return message.ToString();
        }
    }
}

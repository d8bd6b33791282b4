using System.Text;
using PatchSync.EndToEnd.Tests.Support;
using PatchSync.Testing;
using PatchSync.Testing.MailStores;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// <c>pwsync daemon --watch</c> as a process against a real pwsync-server and a real notmuch or Dovecot: a tag
/// edit in the mail reaches the tracker with no other command, a tracker change reaches the mail within the
/// interval, and SIGTERM stops it within a few seconds. Timeouts are generous (shared 2-core machine); the
/// latency targets are the bench's job.
/// </summary>
public sealed class DaemonWatchEndToEndTests
{
    private const string Second = "2025030300-2-ada@widgets.example.org";
    private const string Third = "2025030300-3-ada@widgets.example.org";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DaemonWatch_Notmuch_TagEditReachesTrackerAndTrackerChangeReachesMail()
    {
        await using var world = await SyncWorld.CreateAsync();
        using var daemon = DaemonProcess.Start(["--config", world.ConfigPath, "daemon", "--watch", "--interval", "5s"]);
        await daemon.WaitForOutputAsync("16 retagged", Generous);
        var patches = await world.PatchesAsync();
        var second = patches.Single(p => p.MessageId == Second);
        var third = patches.Single(p => p.MessageId == Third);

        // The maintainer tags in the mail client; nothing else is run.
        await world.Mail.TagAsync(Second, "-pw-new", "+pw-accepted");
        await WaitUntilAsync(async () => await world.StateOfAsync(second.Id) == "accepted", daemon);

        // A state set on the tracker reaches the mail within the interval (5 s, plus the run).
        await world.SetStateAsync(third.Id, "rejected");
        await WaitUntilAsync(async () => (await world.Mail.PwTagsAsync(Third)).SequenceEqual(["pw-rejected"]), daemon);

        var (took, code) = await daemon.TerminateAsync();
        Assert.True(code == 0, daemon.Log);
        Assert.True(took < TimeSpan.FromSeconds(10), $"SIGTERM took {took}\n{daemon.Log}");
        // pwsync's own retags did not keep it busy: far fewer runs than polls.
        Assert.True(CountOf(daemon.Log, "syncing ") < 12, daemon.Log);
    }

    [Fact]
    public async Task DaemonWatch_Imap_KeywordEditReachesTrackerAlsoAfterDovecotRestart()
    {
        const string passwordVariable = "PWSYNC_E2E_IMAP_PASSWORD";
        using var dir = new TempDirectory("pwsync-e2e-watch");
        await using var server = new ServerProcess();
        await using var dovecot = await DovecotServer.StartAsync();
        await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
        await server.AddUserAsync("maint", "maint@example.org", maintainerOf: "widgets");
        var token = await server.NewTokenAsync("maint");
        await server.IngestAsync("widgets", [ServerProcess.SampleMbox]);
        await server.StartAsync();
        foreach (var message in SplitMbox(await File.ReadAllTextAsync(ServerProcess.SampleMbox)))
        {
            await dovecot.SaveAsync("INBOX", message);
        }

        await File.WriteAllTextAsync(dir.File("token"), token + "\n");
        await File.WriteAllTextAsync(dir.File("pwsync.toml"), $"""
            state_db = "state.db"
            [trackers.local]
            url = "{server.BaseUrl}"
            token_file = "token"
            [stores.imap]
            kind = "imap"
            host = "{DovecotServer.Host}"
            port = {dovecot.Port}
            security = "insecure"
            user = "{DovecotServer.User}"
            password_env = "{passwordVariable}"
            folders = ["INBOX"]
            [projects.widgets]
            epoch = 2025-03-01
            """);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        async Task<string> StateAsync(int id)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, $"/api/patches/{id}/")));
            return doc.RootElement.GetProperty("state").GetString()!;
        }

        using var daemon = DaemonProcess.Start(
            ["--config", dir.File("pwsync.toml"), "daemon", "--watch", "--interval", "10m"],
            new Dictionary<string, string> { [passwordVariable] = DovecotServer.Password });
        await daemon.WaitForOutputAsync("16 retagged", Generous);

        // Another IMAP client moves patch 2 to accepted; the interval (10 minutes) is not what syncs it.
        await dovecot.FlagsAsync("remove", "INBOX", $"header Message-ID {Second}", "pw-new");
        await dovecot.FlagsAsync("add", "INBOX", $"header Message-ID {Second}", "pw-accepted");
        await WaitUntilAsync(async () => await StateAsync(2) == "accepted", daemon);

        // The server goes away and comes back: the watcher reconnects and the next edit still arrives.
        dovecot.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await dovecot.RestartAsync();
        await dovecot.FlagsAsync("remove", "INBOX", $"header Message-ID {Third}", "pw-new");
        await dovecot.FlagsAsync("add", "INBOX", $"header Message-ID {Third}", "pw-rejected");
        await WaitUntilAsync(async () => await StateAsync(3) == "rejected", daemon);

        var (took, code) = await daemon.TerminateAsync();
        Assert.True(code == 0, daemon.Log);
        Assert.True(took < TimeSpan.FromSeconds(10), $"SIGTERM took {took}\n{daemon.Log}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, DaemonProcess daemon)
    {
        using var bound = new CancellationTokenSource(Generous);
        while (!await condition())
        {
            if (bound.IsCancellationRequested)
            {
                Assert.Fail("not reached within " + Generous + "\n" + daemon.Log);
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static IEnumerable<string> SplitMbox(string mbox)
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

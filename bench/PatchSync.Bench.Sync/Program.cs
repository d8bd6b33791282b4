// Benchmark for the sync engine (issue 5): N patches in a real pwsync-server and their N mails in a real
// notmuch database; pwsync runs as a child process. Scenarios: full first sync, the next run (which reads
// back pwsync's own N retags once), incremental with no change, and incremental with 1% changed on each
// side. Prints seconds, tracker requests and peak RSS per scenario. See docs/benchmarks.md ("Sync").
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PatchSync.Bench.Sync;
using PatchSync.Testing;
using PatchSync.Testing.MailStores;
using PatchSync.Testing.Server;

var patches = 100_000;
var overlap = "5s";
var store = "notmuch";
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--patches" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0)
    {
        patches = n;
    }
    else if (args[i] == "--store" && i + 1 < args.Length && args[i + 1] is "notmuch" or "imap")
    {
        store = args[++i];
    }
    else if (args[i] == "--events-overlap" && i + 1 < args.Length)
    {
        overlap = args[++i];
    }
    else
    {
        Console.Error.WriteLine("usage: PatchSync.Bench.Sync [--patches N] [--store notmuch|imap] [--events-overlap DURATION]   (defaults 100000, notmuch, 5s)");
        return 2;
    }
}

using var dir = new TempDirectory("pwsync-bench-sync");
var pwsyncDll = Path.Combine(AppContext.BaseDirectory, "pwsync.dll");
var mbox = dir.File("bench.mbox");
var maildir = dir.File("mail");
var setup = System.Diagnostics.Stopwatch.StartNew();
await MailGenerator.WriteAsync(patches, mbox, maildir);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: generated {patches} mails in {setup.Elapsed.TotalSeconds:F1} s"));

await using var server = new ServerProcess(dir.File("server.sqlite"));
await server.AddProjectAsync("widgets", "Widgets", "widgets.lists.example.org");
await server.AddUserAsync("maint", "maint@example.org", maintainerOf: "widgets");
var token = await server.NewTokenAsync("maint");
setup.Restart();
Console.WriteLine($"setup: ingest: {await server.IngestAsync("widgets", [mbox])} ({setup.Elapsed.TotalSeconds:F1} s)");
await server.StartAsync();

var notmuchConfig = dir.File("notmuch-config");
var notmuchEnv = new Dictionary<string, string> { ["NOTMUCH_CONFIG"] = notmuchConfig };
var pwsyncEnv = new Dictionary<string, string>();
DovecotServer? dovecot = null;
string storeToml;
if (store == "imap")
{
    // The generated maildir becomes the Dovecot user's INBOX (owned by the mail user); Dovecot indexes it
    // on first access, which is part of the full sync's time.
    dovecot = await DovecotServer.StartAsync();
    var inbox = dovecot.MaildirOf();
    if (Directory.Exists(inbox))
    {
        Directory.Delete(inbox, recursive: true);
    }

    Directory.Move(maildir, inbox);
    var owner = await ChildRun.RunAsync("chown", ["-R", "--reference=" + Path.GetDirectoryName(inbox)!, inbox]);
    Console.WriteLine($"setup: maildir moved into Dovecot ({DovecotServer.Host}:{dovecot.Port}), chown exit {owner.ExitCode}");
    pwsyncEnv["PWSYNC_BENCH_IMAP_PASSWORD"] = DovecotServer.Password;
    storeToml = $"""
        kind = "imap"
        host = "{DovecotServer.Host}"
        port = {dovecot.Port}
        security = "insecure"
        user = "{DovecotServer.User}"
        password_env = "PWSYNC_BENCH_IMAP_PASSWORD"
        """;
}
else
{
    await File.WriteAllTextAsync(notmuchConfig, $"[database]\npath={maildir}\n[user]\nname=Bench\nprimary_email=bench@example.org\n[new]\ntags=inbox;\n[maildir]\nsynchronize_flags=false\n");
    setup.Restart();
    var indexed = await ChildRun.RunAsync("notmuch", ["new", "--quiet"], notmuchEnv);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: notmuch new: exit {indexed.ExitCode}, {setup.Elapsed.TotalSeconds:F1} s"));
    storeToml = $"""
        kind = "notmuch"
        config = "{notmuchConfig}"
        """;
}

await File.WriteAllTextAsync(dir.File("token"), token + "\n");
var config = dir.File("pwsync.toml");
await File.WriteAllTextAsync(config, $"""
    state_db = "state.db"
    # The bulk import's 100k patch-created events all fall inside the default 2-minute overlap; a short
    # overlap shows the steady state (see docs/benchmarks.md, "Sync").
    events_overlap = "{overlap}"
    [trackers.local]
    url = "{server.BaseUrl}"
    token_file = "token"
    [stores.mail]
    {storeToml}
    [projects.widgets]
    epoch = 2025-06-01
    """);

var results = new List<string>();
async Task SyncAsync(string scenario)
{
    var run = await ChildRun.RunAsync("dotnet", [pwsyncDll, "--config", config, "--json", "--timings"], pwsyncEnv);
    if (run.ExitCode != 0)
    {
        // Thrown, not Environment.Exit: the server and Dovecot are disposed on the way out.
        throw new InvalidOperationException($"{scenario}: pwsync exited {run.ExitCode}: {run.Error}");
    }

    using var json = JsonDocument.Parse(run.Output);
    var project = json.RootElement.GetProperty("projects")[0];
    var counts = project.GetProperty("counts");
    var requests = json.RootElement.GetProperty("components").GetProperty("tracker local").GetProperty("counters")
        .TryGetProperty("tracker.requests", out var r) ? r.GetInt64() : 0;
    var line = string.Create(
        CultureInfo.InvariantCulture,
        $"{scenario,-34} {run.Elapsed.TotalSeconds,8:F2} s {requests,8} req {run.PeakRssKb / 1024.0,8:F0} MB   tracker read {counts.GetProperty("tracker_read").GetInt64()}, mail read {counts.GetProperty("mail_read").GetInt64()}, retagged {counts.GetProperty("retagged").GetInt64()}, pushed {counts.GetProperty("pushed").GetInt64()}");
    Console.WriteLine(line);
    results.Add(line);
    if (project.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object)
    {
        var phases = string.Join(", ", timings.EnumerateObject().Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Value.GetDouble():F2}")));
        Console.WriteLine($"    engine s: {phases}");
    }

    foreach (var component in json.RootElement.GetProperty("components").EnumerateObject())
    {
        var seconds = string.Join(", ", component.Value.GetProperty("seconds").EnumerateObject().Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Value.GetDouble():F2}")));
        Console.WriteLine($"    {component.Name} s: {seconds}");
    }
}

Console.WriteLine();
Console.WriteLine($"{"scenario",-34} {"wall",10} {"requests",12} {"peak RSS",11}");
await SyncAsync("full first sync");
await SyncAsync("next run (reads back own tags)");
await SyncAsync("incremental, no change");

// 1% changed on each side: a maintainer changes states on the tracker, another edits tags in the mail.
var changes = Math.Max(1, patches / 100);
using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
await Parallel.ForEachAsync(Enumerable.Range(1, changes), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (k, ct) =>
{
    var i = k * 2;
    using var found = JsonDocument.Parse(await http.GetStringAsync($"/api/patches/?project=widgets&msgid={MailGenerator.MessageId(i)}", ct));
    var id = found.RootElement[0].GetProperty("id").GetInt64();
    using var body = new StringContent("{\"state\":\"accepted\"}", Encoding.UTF8, "application/json");
    (await http.PatchAsync($"/api/patches/{id}/", body, ct)).EnsureSuccessStatusCode();
});
string mailChange;
if (dovecot is not null)
{
    // Another IMAP client changes the keywords: doveadm over chunks of OR-ed Message-ID searches.
    var conf = Path.Combine(dovecot.BaseDir, "dovecot.conf");
    var exit = 0;
    foreach (var chunk in Enumerable.Range(1, changes).Select(k => MailGenerator.MessageId((k * 2) + 1)).Chunk(100))
    {
        // doveadm wants the ORs in parentheses: ( header Message-ID a OR header Message-ID b ... ).
        var search = new List<string> { "(" };
        foreach (var id in chunk)
        {
            search.AddRange(search.Count > 1 ? ["OR", "header", "Message-ID", id] : ["header", "Message-ID", id]);
        }

        search.Add(")");

        exit |= (await ChildRun.RunAsync("doveadm", ["-c", conf, "flags", "remove", "-u", DovecotServer.User, "pw-new", "mailbox", "INBOX", .. search])).ExitCode;
        exit |= (await ChildRun.RunAsync("doveadm", ["-c", conf, "flags", "add", "-u", DovecotServer.User, "pw-under-review", "mailbox", "INBOX", .. search])).ExitCode;
    }

    mailChange = $"doveadm exit {exit}";
}
else
{
    var batch = dir.File("tag-batch");
    await File.WriteAllLinesAsync(batch, Enumerable.Range(1, changes).Select(k => $"+pw-under-review -pw-new -- id:{MailGenerator.MessageId((k * 2) + 1)}"));
    var tagged = await ChildRun.RunAsync("notmuch", ["tag", "--batch", $"--input={batch}"], notmuchEnv);
    mailChange = $"notmuch exit {tagged.ExitCode}";
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(changed {changes} states on the tracker and {changes} mails' tags: {mailChange})"));
await SyncAsync("incremental, 1% changed each side");
await SyncAsync("incremental, no change (again)");
if (dovecot is not null)
{
    await dovecot.DisposeAsync();
}

return 0;

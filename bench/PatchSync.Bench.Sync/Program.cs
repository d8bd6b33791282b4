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
using PatchSync.Testing.Server;

var patches = 100_000;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--patches" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0)
    {
        patches = n;
    }
    else
    {
        Console.Error.WriteLine("usage: PatchSync.Bench.Sync [--patches N]   (default 100000)");
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
await File.WriteAllTextAsync(notmuchConfig, $"[database]\npath={maildir}\n[user]\nname=Bench\nprimary_email=bench@example.org\n[new]\ntags=inbox;\n[maildir]\nsynchronize_flags=false\n");
var notmuchEnv = new Dictionary<string, string> { ["NOTMUCH_CONFIG"] = notmuchConfig };
setup.Restart();
var indexed = await ChildRun.RunAsync("notmuch", ["new", "--quiet"], notmuchEnv);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: notmuch new: exit {indexed.ExitCode}, {setup.Elapsed.TotalSeconds:F1} s"));

await File.WriteAllTextAsync(dir.File("token"), token + "\n");
var config = dir.File("pwsync.toml");
await File.WriteAllTextAsync(config, $"""
    state_db = "state.db"
    [trackers.local]
    url = "{server.BaseUrl}"
    token_file = "token"
    [stores.mail]
    kind = "notmuch"
    config = "{notmuchConfig}"
    [projects.widgets]
    epoch = 2025-06-01
    """);

var results = new List<string>();
async Task SyncAsync(string scenario)
{
    var run = await ChildRun.RunAsync("dotnet", [pwsyncDll, "--config", config, "--json", "--timings"]);
    if (run.ExitCode != 0)
    {
        Console.Error.WriteLine($"{scenario}: pwsync exited {run.ExitCode}: {run.Error}");
        Environment.Exit(1);
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
var batch = dir.File("tag-batch");
await File.WriteAllLinesAsync(batch, Enumerable.Range(1, changes).Select(k => $"+pw-under-review -pw-new -- id:{MailGenerator.MessageId((k * 2) + 1)}"));
var tagged = await ChildRun.RunAsync("notmuch", ["tag", "--batch", $"--input={batch}"], notmuchEnv);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(changed {changes} states on the tracker and {changes} mails' tags: notmuch exit {tagged.ExitCode})"));
await SyncAsync("incremental, 1% changed each side");
await SyncAsync("incremental, no change (again)");
return 0;

// Benchmark for PatchSync.State and the planner: bulk base upserts, loads, and planning 100k patches.
// Usage: dotnet run -c Release --project bench/PatchSync.Bench.State [-- PATCHES]
// Prints seconds per phase and peak RSS; results go to docs/benchmarks.md ("State store and planner").
using System.Diagnostics;
using System.Globalization;
using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;
using PatchSync.State;
using PatchSync.State.Model;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
const string Tracker = "https://patchwork.example.org";
string[] states = ["new", "under-review", "accepted", "rejected", "superseded", "changes-requested"];
var dir = Path.Combine(Path.GetTempPath(), "pwsync-bench-state-" + Guid.NewGuid().ToString("N")[..8]);
var path = Path.Combine(dir, "state.db");

try
{
    await using var store = await StateStore.OpenAsync(path);

    var upsert = await TimeAsync($"upsert {count} patches (one transaction)", async () =>
    {
        await using var tx = await store.BeginAsync();
        for (var i = 1; i <= count; i++)
        {
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(i, $"{i}.patch@example.org", new PatchSnapshot(states[i % states.Length], i % 7 == 0), new PatchSnapshot(states[i % states.Length], i % 7 == 0)));
        }

        await tx.CommitAsync();
    });

    await TimeAsync($"upsert {count} patches again (all updates)", async () =>
    {
        await using var tx = await store.BeginAsync();
        for (var i = 1; i <= count; i++)
        {
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(i, $"{i}.patch@example.org", new PatchSnapshot(states[(i + 1) % states.Length], i % 5 == 0), new PatchSnapshot(states[(i + 1) % states.Length], i % 5 == 0)));
        }

        await tx.CommitAsync();
    });

    await TimeAsync($"upsert {count} message tag sets", async () =>
    {
        await using var tx = await store.BeginAsync();
        var tags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i <= count; i++)
        {
            tags.Clear();
            tags.Add("pw-" + states[i % states.Length]);
            if (i % 7 == 0)
            {
                tags.Add("pw-archived");
            }

            tx.UpsertMessageTags("imap://maint@127.0.0.1", $"{i}.patch@example.org", tags, "INBOX");
        }

        await tx.CommitAsync();
    });

    IReadOnlyDictionary<long, PatchRecord> bases = new Dictionary<long, PatchRecord>();
    await TimeAsync($"load {count} patches", async () => bases = await store.LoadPatchesAsync(Tracker, "linux"));
    IReadOnlyDictionary<string, IReadOnlySet<string>> mail = new Dictionary<string, IReadOnlySet<string>>();
    await TimeAsync($"load {count} message tag sets", async () => mail = await store.LoadMessageTagsAsync("imap://maint@127.0.0.1"));

    // 1% changed on each side, the rest in step (after the second upsert the mail is one state behind).
    var options = new PlannerOptions(new TagMapping());
    var inputs = bases.Values.Select(b => new PatchSyncInput(
        b.PatchId,
        b.MessageId,
        b.Tracker,
        b.PatchId % 100 == 1 ? b.Tracker with { State = "accepted" } : b.Tracker,
        b.PatchId % 100 == 2 ? new HashSet<string>(["pw-rejected"]) : options.Mapping.TagsFor(b.Tracker))).ToList();
    IReadOnlyList<PlannedAction> plan = [];
    await TimeAsync($"plan {count} patches (1% changed per side)", () =>
    {
        plan = SyncPlanner.Plan(inputs, options);
        return Task.CompletedTask;
    });
    Console.WriteLine($"  plan: {plan.OfType<RetagMail>().Count()} retags, {plan.OfType<PushToTracker>().Count()} pushes, {plan.OfType<RecordSynced>().Count()} records");

    await TimeAsync("status", async () => await store.GetStatusAsync());
    Console.WriteLine($"peak RSS: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB; db size {new FileInfo(path).Length / (1024 * 1024)} MB (+ WAL)");
    return upsert.TotalSeconds < 2 ? 0 : 1;
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static async Task<TimeSpan> TimeAsync(string what, Func<Task> action)
{
    var started = Stopwatch.GetTimestamp();
    await action();
    var elapsed = Stopwatch.GetElapsedTime(started);
    Console.WriteLine($"{what,-48} {elapsed.TotalSeconds,8:F3} s");
    return elapsed;
}

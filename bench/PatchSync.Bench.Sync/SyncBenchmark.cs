using System.Diagnostics;
using System.Globalization;
using PatchSync.Bench.Sync.Checking;
using PatchSync.Bench.Sync.Mail;
using PatchSync.Bench.Sync.Report;
using PatchSync.Bench.Sync.Running;
using PatchSync.Bench.Sync.Setup;
using PatchSync.Bench.Sync.Watching;
using PatchSync.Testing.Server;

namespace PatchSync.Bench.Sync;

/// <summary>
/// The benchmark: set up a tracker (pwsync-server on SQLite) and a mail store with the same N patches, then
/// run the real pwsync five times (full, the next run, no change, K changed on each side, no change again), measuring each
/// run's process and checking after each that every mail's tags equal its patch's tracker state.
/// </summary>
public sealed class SyncBenchmark(BenchOptions options, TextWriter output)
{
    private readonly List<(SyncRun Run, RunExpectation Expected, IReadOnlyList<string> Problems)> _results = [];
    private readonly List<string> _watchProblems = [];
    private int? _serverPid;

    /// <returns>0 when every run succeeded and every check passed, else 1.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("pwsync-syncbench-").FullName;
        var db = Path.Combine(work, "tracker.sqlite");
        output.WriteLine($"machine: {MachineInfo.Describe()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: {options.Patches} patches, store {options.Store}, {options.ChangedPerSide} changed per side, work dir {work}"));
        output.WriteLine($"pwsync: {PwsyncRunner.PwsyncDll}");
        if (options.PwsyncEnvironment.Count > 0)
        {
            output.WriteLine("pwsync environment: " + string.Join(' ', options.PwsyncEnvironment.Select(kv => $"{kv.Key}={kv.Value}")));
        }

        ServerProcess? server = null;
        IMailSide mail = options.Store == "notmuch" ? new NotmuchSide(work) : new DovecotSide(options.Keep);
        try
        {
            var clock = Stopwatch.StartNew();
            var (patches, token) = await TrackerSeeder.SeedAsync(db, options.Patches, cancellationToken);
            Step($"tracker data written through the server's bulk writer (SQLite {db})", clock);

            server = new ServerProcess(db, Path.Combine(AppContext.BaseDirectory, "pwsync-server.dll"));
            await server.StartAsync(cancellationToken);
            _serverPid = server.ProcessId;
            Step($"pwsync-server serving on {server.BaseUrl}", clock);

            await mail.SeedAsync(patches, cancellationToken);
            Step($"mail store seeded: {mail.Description}", clock);

            var runner = new PwsyncRunner(work, server.BaseUrl, token, mail, options.Concurrency, options.PwsyncEnvironment);
            var epoch = TrackerSeeder.Epoch.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await RunScenariosAsync(runner, server, token, patches, epoch, db, mail, cancellationToken);

            ResultPrinter.PrintTable(_results, output);
            foreach (var (run, _, problems) in _results)
            {
                ResultPrinter.PrintDetails(run, problems, output);
            }

            if (File.Exists(runner.StatePath))
            {
                output.WriteLine();
                output.WriteLine(await StateLoadProbe.DescribeAsync(runner.StatePath, runner.Scope, cancellationToken));
            }

            return _results.All(r => r.Problems.Count == 0) && _watchProblems.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            await mail.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (options.Keep)
            {
                output.WriteLine($"kept: {work}");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The runs in order; a pwsync run that fails ends the sequence (later runs would measure nothing useful).</summary>
    private async Task RunScenariosAsync(
        PwsyncRunner runner, ServerProcess server, string token, IReadOnlyList<SeededPatch> patches, string epoch, string db, IMailSide mail, CancellationToken cancellationToken)
    {
        if (!await MeasureAsync(runner, "full sync (first run, --epoch)", ["--epoch", epoch], new RunExpectation(options.Patches, 0, 30, 200), db, mail, null, cancellationToken))
        {
            return;
        }

        // The run after a full sync reads back the store changes of pwsync's own retags once (the store's
        // checkpoint is taken before the writes); the run after that is the steady state.
        if (!await MeasureAsync(runner, "next run (reads back own retags)", [], new RunExpectation(0, 0, 1), db, mail, null, cancellationToken))
        {
            return;
        }

        if (options.WatchEdits > 0)
        {
            var watch = new WatchLatency(runner, mail, db, runner.Environment, output);
            var problems = await watch.RunAsync(patches, options.WatchEdits, options.WatchInterval, options.WatchDebounce, runner.WorkDir, cancellationToken);
            foreach (var problem in problems)
            {
                output.WriteLine("  PROBLEM: " + problem);
            }

            _watchProblems.AddRange(problems);
            return;
        }

        if (!await MeasureAsync(runner, "incremental, no change", [], new RunExpectation(0, 0, 1), db, mail, null, cancellationToken))
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var plan = ChangePlan.Create(patches, await TrackerSeeder.ReadStatesAsync(db, cancellationToken), options.ChangedPerSide, seed: 7);
        await TrackerEditor.ApplyAsync(server.BaseUrl, token, plan.Tracker, cancellationToken);
        await mail.RetagAsync(plan.Mail.Select(c => new MailRetag(c.MessageId, TagCheck.Prefix + c.From, TagCheck.Prefix + c.To)).ToList(), cancellationToken);
        Step(string.Create(CultureInfo.InvariantCulture, $"changed {plan.Tracker.Count} states on the tracker (PATCH over HTTP) and {plan.Mail.Count} mails' tags (another client)"), clock);
        var changedName = string.Create(CultureInfo.InvariantCulture, $"incremental, {options.ChangedPercent:0.##}% changed each side");
        if (await MeasureAsync(runner, changedName, [], new RunExpectation(plan.Tracker.Count, plan.Mail.Count, 3), db, mail, plan, cancellationToken))
        {
            await MeasureAsync(runner, "incremental, no change (after changes)", [], new RunExpectation(0, 0, 1), db, mail, null, cancellationToken);
        }
    }

    /// <returns>Whether pwsync exited 0.</returns>
    private async Task<bool> MeasureAsync(
        PwsyncRunner runner, string name, IReadOnlyList<string> args, RunExpectation expected, string db, IMailSide mail, ChangePlan? changes, CancellationToken cancellationToken)
    {
        var (serverBefore, machineBefore) = (CpuClock.Process(_serverPid), CpuClock.Machine());
        var run = await runner.RunAsync(name, args, cancellationToken);
        run = run with
        {
            ServerCpuSeconds = CpuClock.Process(_serverPid) - serverBefore,
            MachineCpuSeconds = CpuClock.Machine() - machineBefore,
        };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ran {name}: {run.WallSeconds:0.00} s, exit {run.ExitCode}; checking every mail against the tracker"));
        var problems = new List<string>();
        if (run.ExitCode != 0)
        {
            problems.Add($"pwsync exited {run.ExitCode}: {string.Join("; ", run.Errors)}");
        }

        if (run.Count("retagged") != expected.Retagged || run.Count("pushed") != expected.Pushed)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"expected {expected.Retagged} retagged and {expected.Pushed} pushed, the run reports {run.Count("retagged")} and {run.Count("pushed")}"));
        }

        if (run.Count("conflicts") != 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{run.Count("conflicts")} conflicts where none were made"));
        }

        var tracker = await TrackerSeeder.ReadStatesAsync(db, cancellationToken);
        problems.AddRange(TagCheck.Compare(tracker, await mail.ReadTagsAsync(TagCheck.Prefix, cancellationToken)));
        if (changes is not null)
        {
            problems.AddRange(TagCheck.ChangesKept(tracker, changes.Tracker, "tracker"));
            problems.AddRange(TagCheck.ChangesKept(tracker, changes.Mail, "mail"));
        }

        foreach (var problem in problems)
        {
            output.WriteLine("  PROBLEM: " + problem);
        }

        _results.Add((run, expected, problems));
        return run.ExitCode == 0;
    }

    private void Step(string what, Stopwatch clock)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds,6:0.0} s  {what}"));
        clock.Restart();
    }
}

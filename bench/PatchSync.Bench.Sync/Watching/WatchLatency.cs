using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using PatchSync.Bench.Sync.Checking;
using PatchSync.Bench.Sync.Mail;
using PatchSync.Bench.Sync.Running;
using PatchSync.Bench.Sync.Setup;
using PatchSync.Server.Data;

namespace PatchSync.Bench.Sync.Watching;

/// <summary>
/// <c>--watch-latency N</c>: with the stores synced, runs <c>pwsync daemon --watch</c>, measures its CPU time over
/// an idle minute (<c>/proc/PID/stat</c>), then makes N tag edits as another mail client, one at a time, and times
/// each from the edit's first command to the tracker's database showing the new state; last, the time SIGTERM
/// takes to stop it.
/// </summary>
public sealed class WatchLatency(PwsyncRunner runner, IMailSide mail, string trackerDb, IReadOnlyDictionary<string, string> environment, TextWriter output)
{
    /// <summary>Clock ticks per second of <c>/proc/PID/stat</c> times (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;
    private static readonly TimeSpan EditTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _log = new();

    /// <returns>Problems found (an edit that never arrived, a daemon that did not stop).</returns>
    public async Task<List<string>> RunAsync(IReadOnlyList<SeededPatch> patches, int edits, string interval, string? debounce, string workDir, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        string[] args = [PwsyncRunner.PwsyncDll, "daemon", "--watch", "--interval", interval, .. debounce is null ? Array.Empty<string>() : ["--debounce", debounce], "--config", runner.ConfigPath];
        output.WriteLine($"  watch: pwsync {string.Join(' ', args.Skip(1).Select(a => a == runner.ConfigPath ? "pwsync.toml" : a))}");
        using var daemon = Start(args);
        try
        {
            await WaitForLogAsync("synced bench in", 1, TimeSpan.FromMinutes(10), daemon, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // the start run's tail (checkpoint read back)
            var before = CpuTicks(daemon.Id);
            var runsBefore = Count("syncing ");
            await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            var after = CpuTicks(daemon.Id);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  watch: idle minute: daemon CPU {(after.Own - before.Own) / TicksPerSecond:0.00} s, its child processes {(after.Children - before.Children) / TicksPerSecond:0.00} s, {Count("syncing ") - runsBefore} sync run(s) (tracker polls every {interval})"));

            var latencies = await EditAsync(patches, edits, daemon, problems, cancellationToken);
            PrintLatencies(latencies, edits);
            var clock = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync(cancellationToken);
            }

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await daemon.WaitForExitAsync(bound.Token);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  watch: SIGTERM -> exit {daemon.ExitCode} in {clock.Elapsed.TotalSeconds:0.00} s; {Count("syncing ")} runs in all"));
            if (daemon.ExitCode != 0)
            {
                problems.Add($"the daemon exited {daemon.ExitCode} on SIGTERM");
            }
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill(entireProcessTree: true);
            }

            await File.WriteAllTextAsync(Path.Combine(workDir, "watch.log"), Log(), CancellationToken.None);
        }

        return problems;
    }

    private async Task<List<double>> EditAsync(IReadOnlyList<SeededPatch> patches, int edits, Process daemon, List<string> problems, CancellationToken cancellationToken)
    {
        var states = await TrackerSeeder.ReadStatesAsync(trackerDb, cancellationToken);
        var order = Enumerable.Range(0, patches.Count).ToArray();
        new Random(11).Shuffle(order);
        var random = new Random(12);
        var latencies = new List<double>();
        await using var editor = await mail.OpenEditorAsync(cancellationToken);
        using var database = Database.Open(trackerDb);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        foreach (var patch in order.Take(edits).Select(i => patches[i]))
        {
            // A pause of 0.5-1.5 s: edits are single, not a burst, and do not fall in step with the notmuch polls.
            await Task.Delay(TimeSpan.FromMilliseconds(500 + random.Next(1000)), cancellationToken);
            var from = states[patch.MessageId].State;
            var to = from == "changes-requested" ? "rejected" : "changes-requested";
            var clock = Stopwatch.StartNew();
            await editor.RetagAsync(new MailRetag(patch.MessageId, TagCheck.Prefix + from, TagCheck.Prefix + to), cancellationToken);
            while (true)
            {
                var stateId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT state_id FROM patches WHERE id = @id", new { id = patch.Id }, cancellationToken: cancellationToken));
                if (States.SlugOf(stateId) == to)
                {
                    latencies.Add(clock.Elapsed.TotalSeconds);
                    break;
                }

                if (clock.Elapsed > EditTimeout || daemon.HasExited)
                {
                    problems.Add($"patch {patch.Id}: {from} -> {to} in the mail did not reach the tracker within {EditTimeout.TotalSeconds} s");
                    break;
                }

                await Task.Delay(20, cancellationToken);
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return latencies;
    }

    private void PrintLatencies(List<double> latencies, int edits)
    {
        if (latencies.Count == 0)
        {
            output.WriteLine("  watch: no edit reached the tracker");
            return;
        }

        var sorted = latencies.Order().ToList();
        double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  watch: mail edit -> tracker state, {latencies.Count} of {edits} edits: p50 {Percentile(50):0.00} s, p90 {Percentile(90):0.00} s, p99 {Percentile(99):0.00} s, max {sorted[^1]:0.00} s, min {sorted[0]:0.00} s, mean {latencies.Average():0.00} s (targets p50 <= 2 s, p99 <= 5 s: {(Percentile(50) <= 2 && Percentile(99) <= 5 ? "met" : "MISSED")})"));
    }

    private Process Start(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start pwsync daemon");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(' ').Append(line).Append('\n');
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private int Count(string text)
    {
        var log = Log();
        var count = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task WaitForLogAsync(string text, int times, TimeSpan timeout, Process daemon, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (Count(text) < times)
        {
            if (daemon.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"pwsync daemon --watch did not log '{text}' (exited: {daemon.HasExited}); log:\n{Log()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>utime+stime of the process, and cutime+cstime of the children it waited for (notmuch count), in ticks.</summary>
    private static (long Own, long Children) CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after "(comm)": state is field 3; utime 14, stime 15, cutime 16, cstime 17.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        return (Field(14) + Field(15), Field(16) + Field(17));
    }
}

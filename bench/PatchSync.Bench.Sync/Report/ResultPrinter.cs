using System.Globalization;
using PatchSync.Bench.Sync.Running;

namespace PatchSync.Bench.Sync.Report;

/// <summary>Prints the runs as a table (the numbers docs/benchmarks.md records) and each run's phase breakdown.</summary>
public static class ResultPrinter
{
    public static void PrintTable(IReadOnlyList<(SyncRun Run, RunExpectation Expected, IReadOnlyList<string> Problems)> runs, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine("run                                       mode          wall s  engine s   cpu s  peak RSS MB  HTTP req  store rt retagged  pushed  target           check");
        foreach (var (run, expected, problems) in runs)
        {
            var rssMb = run.PeakRssKb / 1024.0;
            var met = run.WallSeconds < expected.TargetSeconds && (expected.TargetRssMb is null || rssMb < expected.TargetRssMb);
            var target = string.Create(CultureInfo.InvariantCulture, $"< {expected.TargetSeconds:0} s{(expected.TargetRssMb is { } mb ? $", {mb} MB" : "")}");
            o.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{run.Name,-41} {run.Mode,-12} {run.WallSeconds,7:0.00} {run.Phase("total"),9:0.00} {run.CpuSeconds,7:0.00} {rssMb,12:0.0} {run.Counter("tracker.requests"),9} {RoundTrips(run),8} {run.Count("retagged"),9} {run.Count("pushed"),7}  {target + (met ? " met" : " MISSED"),-16} {(problems.Count == 0 ? "ok" : "FAILED")}"));
        }
    }

    public static void PrintDetails(SyncRun run, IReadOnlyList<string> problems, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine($"{run.Name}: {run.Command}");
        var phases = run.Phases.Where(p => p.Key != "total").Select(p => (p.Key, p.Value)).ToList();
        // What the engine's phases leave out: loading the state file, planning and the final commit.
        var rest = run.Phase("total") - phases.Sum(p => p.Value);
        o.WriteLine("  engine:     " + Join(phases) + string.Create(CultureInfo.InvariantCulture, $"; outside those phases (state load, plan, final commit) {rest:0.000} s"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  process:    {run.WallSeconds - run.Phase("total"):0.000} s outside the engine (runtime start, config, connect, exit)"));
        if (run.MachineCpuSeconds is { } machine)
        {
            // On 2 cores wall time is at least the machine's CPU over 2: who used it says where to cut.
            var server = run.ServerCpuSeconds is { } s ? string.Create(CultureInfo.InvariantCulture, $", pwsync-server {s:0.00} s") : "";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cpu:        pwsync {run.CpuSeconds:0.00} s{server}, whole machine {machine:0.00} s (all cores) during the run"));
        }

        o.WriteLine("  components: " + Join(run.ComponentPhases.Select(p => (p.Key, p.Value))));
        o.WriteLine("  counters:   " + string.Join(", ", run.Counters.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        o.WriteLine("  counts:     " + string.Join(", ", run.Counts.Where(c => c.Value != 0).Select(c => $"{c.Key} {c.Value}")));
        foreach (var warning in run.Warnings.Take(3))
        {
            o.WriteLine("  warning:    " + warning);
        }

        foreach (var problem in problems)
        {
            o.WriteLine("  PROBLEM:    " + problem);
        }
    }

    /// <summary>IMAP round trips as the store counts them; for notmuch, the notmuch processes it ran.</summary>
    private static string RoundTrips(SyncRun run) =>
        run.Counters.TryGetValue("imap.roundtrips", out var n) ? n.ToString(CultureInfo.InvariantCulture)
        : run.Counters.TryGetValue("notmuch.processes", out var p) ? p.ToString(CultureInfo.InvariantCulture) + "p"
        : "-";

    private static string Join(IEnumerable<(string Name, double Seconds)> phases) =>
        string.Join(", ", phases.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Seconds:0.000} s")));
}

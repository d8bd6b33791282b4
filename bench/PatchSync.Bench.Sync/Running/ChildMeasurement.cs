using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace PatchSync.Bench.Sync.Running;

/// <summary>
/// Measures one program run on its own: the benchmark starts itself as a small wrapper process
/// (<c>--measure-child STATS -- program args…</c>) whose only child is that program, so after the child
/// exits <c>getrusage(RUSAGE_CHILDREN)</c> in the wrapper is exactly the child's peak RSS and CPU time.
/// The benchmark's own memory (the generated data, the servers' clients) never counts. The child inherits
/// the wrapper's stdin/stdout/stderr.
/// </summary>
public static partial class ChildMeasurement
{
    public const string Flag = "--measure-child";
    private const int RusageChildren = -1;

    /// <summary>The wrapper's main: runs the program, writes "wall_s cpu_s maxrss_kb exit" to STATS, exits with the child's code.</summary>
    public static async Task<int> RunWrapperAsync(IReadOnlyList<string> args)
    {
        // args: --measure-child STATS -- program args...
        if (args.Count < 4 || args[2] != "--")
        {
            await Console.Error.WriteLineAsync($"usage: {Flag} STATS -- PROGRAM [ARGS...]");
            return 2;
        }

        var info = new ProcessStartInfo(args[3]) { UseShellExecute = false };
        foreach (var arg in args.Skip(4))
        {
            info.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {args[3]}");
        await child.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        var usage = new long[18];
        if (GetRUsage(RusageChildren, usage) != 0)
        {
            throw new InvalidOperationException("getrusage(RUSAGE_CHILDREN) failed: errno " + Marshal.GetLastPInvokeError());
        }

        // struct rusage on 64-bit Linux: ru_utime {sec, usec}, ru_stime {sec, usec}, ru_maxrss (KiB), ...
        var cpu = usage[0] + (usage[1] / 1e6) + usage[2] + (usage[3] / 1e6);
        await File.WriteAllTextAsync(args[1], string.Create(CultureInfo.InvariantCulture, $"{wall:R} {cpu:R} {usage[4]} {child.ExitCode}"));
        return child.ExitCode;
    }

    /// <summary>Reads what a wrapper wrote.</summary>
    public static (double WallSeconds, double CpuSeconds, long PeakRssKb, int ExitCode) ReadStats(string path)
    {
        var parts = File.ReadAllText(path).Split(' ');
        return (
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            int.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRUsage(int who, [Out] long[] usage);
}

using System.Diagnostics;
using System.Globalization;

namespace PatchSync.Bench.Sync;

/// <summary>Runs a command as a child process and measures its wall time and peak RSS (VmHWM, polled from /proc).</summary>
internal static class ChildRun
{
    public static async Task<(int ExitCode, string Output, string Error, TimeSpan Elapsed, long PeakRssKb)> RunAsync(
        string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        var status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ReadHwm(status));
            await Task.Delay(20);
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error, clock.Elapsed, peak);
    }

    private static long ReadHwm(string status)
    {
        try
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
        }

        return 0;
    }
}

using System.Globalization;

namespace PatchSync.Bench.Sync.Running;

/// <summary>
/// CPU seconds spent by one process and by the whole machine, read from /proc. On a 2-core machine the
/// sync is CPU-bound across three processes (pwsync, pwsync-server, the mail store): these say which one
/// a wall-time change came from.
/// </summary>
public static class CpuClock
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <summary>user + system CPU of process <paramref name="pid"/> so far, or null where /proc does not show it.</summary>
    public static double? Process(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces: the fields after it start at the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds the machine has been busy (every state but idle and iowait), all cores summed.</summary>
    public static double Machine()
    {
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...
        var busy = values[0] + values[1] + values[2] + values[5] + values[6] + (values.Length > 7 ? values[7] : 0);
        return busy / TicksPerSecond;
    }
}

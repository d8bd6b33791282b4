using System.Globalization;

namespace PatchSync.Bench.Sync.Report;

/// <summary>One line about the machine the numbers were taken on (CPU, cores, memory, load).</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memKb = ReadField("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var mem = long.TryParse(memKb, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? $"{kb / 1024 / 1024.0:0.0} GiB" : "? GiB";
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        return string.Create(CultureInfo.InvariantCulture, $"{cpu}, {Environment.ProcessorCount} cores, {mem} RAM, load average {load}, .NET {Environment.Version}");
    }

    private static string? ReadField(string file, string name) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;
}

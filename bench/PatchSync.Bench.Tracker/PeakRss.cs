namespace PatchSync.Bench.Tracker;

/// <summary>This process's peak resident set (VmHWM), resettable between runs through /proc/self/clear_refs.</summary>
internal static class PeakRss
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux or not allowed: the figure is then the peak since start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static double Megabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        catch (IOException)
        {
        }

        return Environment.WorkingSet / 1024.0 / 1024.0;
    }
}

using System.Diagnostics;

namespace PatchSync.Bench.Server;

/// <summary>Runs a request repeatedly and reports p50/p99 in milliseconds.</summary>
public static class Latency
{
    public static async Task<(double P50, double P99)> MeasureAsync(int runs, Func<int, Task> request)
    {
        for (var i = 0; i < 5; i++)
        {
            await request(-1 - i);
        }

        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await request(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[(int)(runs * 0.5)], samples[Math.Min(runs - 1, (int)Math.Ceiling(runs * 0.99) - 1)]);
    }
}

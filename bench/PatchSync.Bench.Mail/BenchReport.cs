using System.Diagnostics;
using System.Globalization;

namespace PatchSync.Bench.Mail;

/// <summary>Prints one line per measured step: seconds, what it found, and the process's peak RSS so far.</summary>
internal sealed class BenchReport(int count)
{
    public int Count { get; } = count;

    public async Task<T> MeasureAsync<T>(string store, string step, Func<Task<T>> action, Func<T, string> describe)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await action();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{store,-8} {step,-34} {seconds,8:F3} s   peak RSS {self.PeakWorkingSet64 / 1048576.0,7:F1} MiB   {describe(result)}"));
        return result;
    }

    public Task MeasureAsync(string store, string step, Func<Task> action) =>
        MeasureAsync(store, step, async () =>
        {
            await action();
            return 0;
        }, _ => string.Empty);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PatchSync.Core.Diagnostics;

/// <summary>
/// Accumulates wall time per named phase and named counters, so a slow run can be explained from its
/// own output (<c>--timings</c>). Thread-safe: several requests in flight add to the same phase.
/// </summary>
public sealed class PhaseTimings
{
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counters = new(StringComparer.Ordinal);

    /// <summary>Starts timing <paramref name="phase"/>; the time is added when the scope is disposed.</summary>
    public Scope Measure(string phase) => new(this, phase, Stopwatch.GetTimestamp());

    /// <summary>Adds an elapsed time measured elsewhere.</summary>
    public void Add(string phase, TimeSpan elapsed) =>
        _ticks.AddOrUpdate(phase, elapsed.Ticks, (_, t) => t + elapsed.Ticks);

    /// <summary>Adds <paramref name="by"/> to a counter (pages fetched, retries, messages read...).</summary>
    public void Count(string counter, long by = 1) =>
        _counters.AddOrUpdate(counter, by, (_, c) => c + by);

    /// <summary>Total time recorded for <paramref name="phase"/> so far; zero if it never ran.</summary>
    public TimeSpan Elapsed(string phase) =>
        _ticks.TryGetValue(phase, out var t) ? TimeSpan.FromTicks(t) : TimeSpan.Zero;

    /// <summary>Current value of <paramref name="counter"/>; zero if it was never counted.</summary>
    public long Counter(string counter) => _counters.TryGetValue(counter, out var c) ? c : 0;

    /// <summary>A copy of every phase's total time, for reports and merging.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Phases =>
        _ticks.ToDictionary(kv => kv.Key, kv => TimeSpan.FromTicks(kv.Value), StringComparer.Ordinal);

    /// <summary>A copy of every counter's value, for reports and merging.</summary>
    public IReadOnlyDictionary<string, long> Counters =>
        _counters.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Adds every phase and counter of <paramref name="other"/> into this one.</summary>
    public void Merge(PhaseTimings other, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (phase, ticks) in other._ticks)
        {
            Add(prefix + phase, TimeSpan.FromTicks(ticks));
        }

        foreach (var (counter, value) in other._counters)
        {
            Count(prefix + counter, value);
        }
    }

    /// <summary>One line per phase and counter, sorted, e.g. <c>tracker.http  1.234 s</c>.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var (phase, time) in Phases.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{phase,-28} {time.TotalSeconds,10:F3} s\n");
        }

        foreach (var (counter, value) in Counters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{counter,-28} {value,10}\n");
        }

        return sb.ToString();
    }

    /// <summary>Times one phase; dispose to record.</summary>
    public readonly struct Scope(PhaseTimings owner, string phase, long started) : IDisposable
    {
        /// <summary>Adds the time since <see cref="Measure"/> to the phase.</summary>
        public void Dispose() => owner.Add(phase, Stopwatch.GetElapsedTime(started));
    }
}

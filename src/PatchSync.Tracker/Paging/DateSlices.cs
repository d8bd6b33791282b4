using System.Globalization;

namespace PatchSync.Tracker.Paging;

/// <summary>Cuts a date span into contiguous <c>[since, before)</c> slices on microsecond boundaries.</summary>
internal static class DateSlices
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>
    /// Slices covering <paramref name="first"/> to <paramref name="last"/> inclusive: the last slice ends one
    /// microsecond after <paramref name="last"/> (before is exclusive). Empty slices are dropped.
    /// </summary>
    public static IReadOnlyList<PageSegment> Split(DateTime first, DateTime last, int count) =>
        SplitRange(first.Ticks / TicksPerMicrosecond, (last.Ticks / TicksPerMicrosecond) + 1, count);

    /// <summary>Splits <c>[since, before)</c> into up to <paramref name="count"/> slices (fewer when it is too short).</summary>
    public static IReadOnlyList<PageSegment> Split(PageSegment segment, int count)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Since is not { } since || segment.Before is not { } before)
        {
            return [segment];
        }

        return SplitRange(since.Ticks / TicksPerMicrosecond, before.Ticks / TicksPerMicrosecond, count);
    }

    private static List<PageSegment> SplitRange(long lo, long hi, int count)
    {
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        var span = hi - lo;
        count = (int)Math.Clamp(count, 1, span);
        var bounds = new long[count + 1];
        for (var i = 0; i <= count; i++)
        {
            bounds[i] = lo + (long)((decimal)span * i / count);
        }

        var slices = new List<PageSegment>(count);
        for (var i = 0; i < count; i++)
        {
            if (bounds[i + 1] > bounds[i])
            {
                slices.Add(new PageSegment(FromMicros(bounds[i]), FromMicros(bounds[i + 1])));
            }
        }

        return slices;
    }

    /// <summary>Naive UTC ISO 8601 as Patchwork's filters take it; microseconds only when non-zero.</summary>
    public static string Format(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    private static DateTime FromMicros(long micros) => new(micros * TicksPerMicrosecond, DateTimeKind.Utc);
}

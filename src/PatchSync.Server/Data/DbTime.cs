using System.Globalization;

namespace PatchSync.Server.Data;

/// <summary>
/// Dates are stored as microseconds since the Unix epoch (UTC) in a 64-bit integer: the same in both
/// databases, compact in indexes and sorted correctly. The API prints them naive, like Patchwork.
/// </summary>
internal static class DbTime
{
    public static long ToMicros(DateTime utc)
    {
        var value = utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc;
        return (value.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    }

    public static long ToMicros(DateTimeOffset value) => ToMicros(value.UtcDateTime);

    public static DateTime FromMicros(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc);

    public static long Now(TimeProvider? clock = null) => ToMicros((clock ?? TimeProvider.System).GetUtcNow());

    /// <summary>Naive ISO 8601 as Django REST Framework prints it: microseconds only when non-zero.</summary>
    public static string Format(long micros)
    {
        var date = FromMicros(micros);
        return micros % 1_000_000 == 0
            ? date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }
}

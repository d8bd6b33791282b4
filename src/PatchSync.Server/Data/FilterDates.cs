using System.Globalization;
using System.Text.RegularExpressions;

namespace PatchSync.Server.Data;

/// <summary>
/// How a <c>since</c>/<c>before</c> filter value is turned into stored microseconds. Stored dates are
/// naive UTC. A naive value is compared as it is. An aware value (<c>Z</c>, <c>+00:00</c>) is converted
/// to UTC by default; Patchwork (USE_TZ = False) converts it to its TIME_ZONE, Australia/Canberra by
/// default, and compares that local wall-clock time with the naive UTC dates (fixtures 59/60), which
/// <see cref="PatchworkLocalTime"/> reproduces.
/// </summary>
internal sealed partial class FilterDates
{
    /// <summary>Patchwork's default TIME_ZONE (settings/base.py).</summary>
    public const string PatchworkTimeZoneId = "Australia/Canberra";

    private static readonly Lazy<FilterDates> PatchworkLocal = new(() => new FilterDates(FindPatchworkTimeZone()));

    private readonly TimeZoneInfo? _awareValuesTo;

    private FilterDates(TimeZoneInfo? awareValuesTo) => _awareValuesTo = awareValuesTo;

    /// <summary>Aware values are converted to UTC: the instant the client meant.</summary>
    public static FilterDates Utc { get; } = new(null);

    /// <summary>Aware values become Australia/Canberra wall-clock time, as real Patchwork reads them.</summary>
    public static FilterDates PatchworkLocalTime => PatchworkLocal.Value;

    /// <summary>Parses a filter value (ISO 8601; naive means UTC); false when malformed.</summary>
    public bool TryParse(string? text, out long micros)
    {
        micros = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (!DateTimeOffset.TryParse(
                trimmed,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var parsed))
        {
            return false;
        }

        if (_awareValuesTo is not null && AwareSuffix().IsMatch(trimmed))
        {
            var wallClock = TimeZoneInfo.ConvertTime(parsed, _awareValuesTo).DateTime;
            micros = DbTime.ToMicros(DateTime.SpecifyKind(wallClock, DateTimeKind.Utc));
            return true;
        }

        micros = DbTime.ToMicros(parsed);
        return true;
    }

    /// <summary>
    /// The zone database's Canberra; where the machine has no zone data, the same rules written out
    /// (UTC+10, daylight saving UTC+11 from the first Sunday of October to the first Sunday of April).
    /// </summary>
    private static TimeZoneInfo FindPatchworkTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(PatchworkTimeZoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            var daylight = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                DateTime.MinValue.Date,
                DateTime.MaxValue.Date,
                TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 10, 1, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 4, 1, DayOfWeek.Sunday));
            return TimeZoneInfo.CreateCustomTimeZone(PatchworkTimeZoneId, TimeSpan.FromHours(10), "Canberra", "AEST", "AEDT", [daylight]);
        }
    }

    /// <summary>A time of day followed by Z or a UTC offset: a bare date's "-07" is not an offset.</summary>
    [GeneratedRegex(@"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex AwareSuffix();
}

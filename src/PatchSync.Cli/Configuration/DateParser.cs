using System.Globalization;

namespace PatchSync.Cli.Configuration;

/// <summary>Parses the dates users type for <c>--epoch</c> and <c>epoch =</c>: <c>2025-06-01</c> or a full ISO 8601 time; UTC unless an offset is given.</summary>
internal static class DateParser
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    public static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text?.Trim(),
            Formats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
}

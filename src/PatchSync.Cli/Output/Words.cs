using System.Globalization;

namespace PatchSync.Cli.Output;

/// <summary>Counted nouns for the messages a maintainer reads ("1 patch", "2 patches").</summary>
internal static class Words
{
    public static string Count(long count, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural)}");
}

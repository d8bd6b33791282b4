using System.Text.RegularExpressions;

namespace PatchSync.Server.Ingest;

/// <summary>Patchwork's normalise_space: runs of whitespace become one space, ends trimmed.</summary>
internal static partial class Whitespace
{
    public static string Normalise(string value) => Runs().Replace(value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Runs();
}

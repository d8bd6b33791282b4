using System.Globalization;
using System.Text.RegularExpressions;

namespace PatchSync.Server.Ingest;

/// <summary>
/// Subject handling as in Patchwork's parser (clean_subject, split_prefixes, parse_series_marker,
/// parse_version, subject_check), so names, numbering and versions match a real server.
/// </summary>
internal static partial class SubjectCleaner
{
    /// <summary>
    /// Drops one leading "Re:"/"Fwd:" and every leading [..] group; prefixes other than "PATCH" and
    /// <paramref name="dropPrefixes"/> are kept and put back as "[a,b] name".
    /// </summary>
    public static CleanedSubject Clean(string subject, IReadOnlyCollection<string> dropPrefixes)
    {
        var drop = new HashSet<string>(dropPrefixes, StringComparer.OrdinalIgnoreCase) { "patch" };
        var rest = Whitespace.Normalise(ReplyOrForward().Replace(Whitespace.Normalise(subject), " ", 1));
        var prefixes = new List<string>();
        for (var match = Bracketed().Match(rest); match.Success; match = Bracketed().Match(rest))
        {
            prefixes.AddRange(SplitPrefixes(match.Groups[1].Value).Where(p => !drop.Contains(p)));
            rest = match.Groups[2].Value;
        }

        rest = Whitespace.Normalise(rest);
        var name = prefixes.Count > 0 ? $"[{string.Join(',', prefixes)}] {rest}" : rest;
        return new CleanedSubject(name, prefixes);
    }

    /// <summary>Splits "PATCH v2 1/3" or "PATCH 1 of 3" into tokens, keeping "1 of 3" whole.</summary>
    public static IReadOnlyList<string> SplitPrefixes(string prefix)
    {
        var tokens = new List<string>();
        var mercurial = MercurialMarker().Match(prefix);
        if (mercurial.Success)
        {
            tokens.Add("PATCH");
            tokens.Add(mercurial.Groups[1].Value);
            prefix = mercurial.Groups[2].Value;
        }

        tokens.AddRange(PrefixSeparators().Split(prefix).Where(s => s.Length > 0));
        return tokens;
    }

    /// <summary>(m, n) from the first prefix ending in "m/n" or "m of n", or null.</summary>
    public static (int Number, int Total)? SeriesMarker(IEnumerable<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            var match = Marker().Match(prefix);
            if (match.Success
                && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                return (number, total);
            }
        }

        return null;
    }

    /// <summary>N of a "vN" prefix, else of "(vN)" in the name, else 1.</summary>
    public static int Version(string name, IEnumerable<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            var match = VersionPrefix().Match(prefix);
            if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return version;
            }
        }

        var inName = VersionInName().Match(name);
        return inName.Success && int.TryParse(inName.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 1;
    }

    /// <summary>True when a prefix is "vN" (a version in the name, "(vN)", does not count).</summary>
    public static bool HasVersionPrefix(IEnumerable<string> prefixes) => prefixes.Any(p => VersionPrefix().IsMatch(p));

    /// <summary>True when the subject starts with "Re:" (Patchwork's test for a reply; "Fwd:" is not one).</summary>
    public static bool IsReply(string subject) => ReplyOnly().IsMatch(Whitespace.Normalise(subject));

    /// <summary>A cover letter's series name: its name without the leading [..] group.</summary>
    public static string WithoutPrefixGroup(string name)
    {
        var match = Bracketed().Match(name);
        return match.Success ? match.Groups[2].Value : name.Trim();
    }

    [GeneratedRegex(@"^(re|fwd?)[:\s]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyOrForward();

    [GeneratedRegex(@"^(re)[:\s]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyOnly();

    [GeneratedRegex(@"^\[([^\]]*)\]\s*(.*)$")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"^PATCH (\d+ of \d+)(.*)$")]
    private static partial Regex MercurialMarker();

    [GeneratedRegex(@"[,\s]+")]
    private static partial Regex PrefixSeparators();

    [GeneratedRegex(@"^.*?([0-9]+)(?:/| of )([0-9]+)$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^[vV](\d+)$")]
    private static partial Regex VersionPrefix();

    [GeneratedRegex(@"\([vV](\d+)\)")]
    private static partial Regex VersionInName();
}

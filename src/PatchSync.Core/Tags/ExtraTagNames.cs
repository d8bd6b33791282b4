namespace PatchSync.Core.Tags;

/// <summary>
/// Names of the optional read-only extra tags a patch's mail carries (delegate, checks, series complete).
/// They start with the mapping's prefix and one of <see cref="TagMapping.DefaultReadOnlySuffixes"/>, which
/// is how the planner keeps them apart from the state tags it owns.
/// </summary>
public static class ExtraTagNames
{
    /// <summary>The tag that marks a patch whose series received its last patch (after the prefix).</summary>
    public const string SeriesComplete = "series-complete";

    /// <summary>The extra tags for a patch as the tracker holds it.</summary>
    /// <param name="prefix">The mapping's tag prefix (e.g. <c>pw-</c>).</param>
    /// <param name="delegateName">The delegate's user name, or null/empty for none.</param>
    /// <param name="checks">The combined checks result, or null/empty for none.</param>
    /// <param name="seriesComplete">Whether the patch's series is complete.</param>
    /// <returns>A new set of tag names (empty when the patch has none of them).</returns>
    public static HashSet<string> For(string prefix, string? delegateName, string? checks, bool seriesComplete)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var extra = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(delegateName))
        {
            extra.Add(prefix + "delegate-" + TagSafe(delegateName));
        }

        if (!string.IsNullOrEmpty(checks))
        {
            extra.Add(prefix + "checks-" + TagSafe(checks));
        }

        if (seriesComplete)
        {
            extra.Add(prefix + SeriesComplete);
        }

        return extra;
    }

    /// <summary>
    /// <paramref name="text"/> lower-cased with every character a tag should not hold (anything but ASCII
    /// letters, digits, <c>-</c>, <c>_</c> and <c>.</c>) replaced by <c>-</c>: user names and check
    /// results come from the tracker, and IMAP keywords and notmuch tags both accept this set.
    /// </summary>
    /// <param name="text">Text from the tracker.</param>
    public static string TagSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PatchSync.Tracker;

/// <summary>
/// Compares a PATCH answer with the update that was asked, the way Patchwork reads the request: a state is
/// lowercased and slugified before lookup ("Under Review" sets <c>under-review</c>), archived and the
/// delegate id are compared as they are.
/// </summary>
internal static partial class PatchUpdateCheck
{
    /// <summary>The fields of <paramref name="answered"/> that do not show <paramref name="update"/>, as message parts; empty when applied.</summary>
    public static IReadOnlyList<string> Differences(PatchUpdate update, Patch answered)
    {
        var differences = new List<string>();
        if (update.State is { } state && !string.Equals(Slugify(state), Slugify(answered.State), StringComparison.Ordinal))
        {
            differences.Add($"state '{answered.State}' (asked '{state}')");
        }

        if (update.Archived is { } archived && archived != answered.Archived)
        {
            differences.Add($"archived {Bool(answered.Archived)} (asked {Bool(archived)})");
        }

        if (update.Delegate is { } delegateChange && delegateChange.UserId != answered.Delegate?.Id)
        {
            differences.Add($"delegate {Delegate(answered.Delegate?.Id)} (asked {Delegate(delegateChange.UserId)})");
        }

        return differences;
    }

    /// <summary>Django's <c>slugify</c> (ASCII): what Patchwork matches a written state against.</summary>
    public static string Slugify(string value)
    {
        var ascii = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormKD))
        {
            if (c < 128)
            {
                ascii.Append(c);
            }
        }

        var kept = NotWordSpaceOrHyphen().Replace(ascii.ToString().ToLowerInvariant(), "");
        return HyphensAndSpaces().Replace(kept, "-").Trim('-', '_');
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Delegate(long? userId) => userId is { } id ? $"user {id.ToString(CultureInfo.InvariantCulture)}" : "none";

    [GeneratedRegex(@"[^\w\s-]")]
    private static partial Regex NotWordSpaceOrHyphen();

    [GeneratedRegex(@"[-\s]+")]
    private static partial Regex HyphensAndSpaces();
}

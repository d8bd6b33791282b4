namespace PatchSync.Server.Data;

/// <summary>
/// Patchwork's default states, seeded by the initial migration with these fixed ids and orderings.
/// Held in memory because the API maps slugs on every request.
/// </summary>
internal static partial class States
{
    public static IReadOnlyList<PatchState> All { get; } =
    [
        new(1, "new", "New"),
        new(2, "under-review", "Under Review"),
        new(3, "accepted", "Accepted"),
        new(4, "rejected", "Rejected"),
        new(5, "rfc", "RFC"),
        new(6, "not-applicable", "Not Applicable"),
        new(7, "changes-requested", "Changes Requested"),
        new(8, "awaiting-upstream", "Awaiting Upstream"),
        new(9, "superseded", "Superseded"),
        new(10, "deferred", "Deferred"),
        new(11, "needs-review-ack", "Needs Review / ACK"),
    ];

    public const long NewId = 1;

    public static string SlugOf(long id) => id >= 1 && id <= All.Count ? All[(int)id - 1].Slug : "new";

    /// <summary>
    /// Filter lookup as Patchwork does it (an id, or the name with hyphens as spaces, case-insensitive),
    /// also accepting the slug so <c>needs-review-ack</c> works.
    /// </summary>
    public static PatchState? FindForFilter(string value)
    {
        var text = value.Trim();
        if (long.TryParse(text, out var id))
        {
            return All.FirstOrDefault(s => s.Id == id);
        }

        var spaced = text.Replace('-', ' ');
        return All.FirstOrDefault(s => string.Equals(s.Name, spaced, StringComparison.OrdinalIgnoreCase)
            || string.Equals(s.Slug, text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Write lookup as Patchwork does it: lower-case, slugify, match the slug.</summary>
    public static PatchState? FindForUpdate(string value) => All.FirstOrDefault(s => s.Slug == Slugify(value));

    /// <summary>
    /// The error text Patchwork returns for an unknown state. It names the value as slugified
    /// (<c>"Foo Bar"</c> is "Invalid state foo-bar."), since that is what Patchwork looked up.
    /// </summary>
    public static string InvalidMessage(string value) =>
        $"Invalid state {Slugify(value)}. Expected one of: {string.Join(", ", All.Select(s => s.Slug))}.";

    /// <summary>
    /// Patchwork's <c>slugify(value.lower())</c> (Django's slugify without allow_unicode): decomposed
    /// (NFKD) and cut to ASCII, so "Accépted" is "accepted"; anything but letters, digits, underscores,
    /// whitespace and hyphens dropped; runs of whitespace and hyphens made one hyphen; leading and
    /// trailing hyphens and underscores trimmed.
    /// </summary>
    private static string Slugify(string value)
    {
        var ascii = new System.Text.StringBuilder();
        foreach (var c in value.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormKD))
        {
            if (c < 0x80)
            {
                ascii.Append(char.ToLowerInvariant(c));
            }
        }

        var kept = NotSlugCharacter().Replace(ascii.ToString(), "");
        return HyphenOrSpaceRun().Replace(kept, "-").Trim('-', '_');
    }

    // Python's \s on ASCII text: space, \t, \n, \v, \f, \r and the separators U+001C..U+001F.
    [System.Text.RegularExpressions.GeneratedRegex(@"[^a-z0-9_ \t\n\v\f\r\x1c-\x1f-]")]
    private static partial System.Text.RegularExpressions.Regex NotSlugCharacter();

    [System.Text.RegularExpressions.GeneratedRegex(@"[- \t\n\v\f\r\x1c-\x1f]+")]
    private static partial System.Text.RegularExpressions.Regex HyphenOrSpaceRun();
}

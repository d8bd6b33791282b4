using PatchSync.Cli.Configuration;
using PatchSync.Core.Tags;

namespace PatchSync.Cli.Checking;

/// <summary>The tags a sync may set on a mail: one per Patchwork built-in state, plus the archived tag.</summary>
internal static class MailKeywords
{
    /// <summary>Patchwork's built-in states; an instance may define more (pwsync warns about those when it meets them).</summary>
    private static readonly string[] BuiltInStates =
    [
        "new", "under-review", "accepted", "rejected", "rfc", "not-applicable", "changes-requested",
        "awaiting-upstream", "superseded", "deferred", "needs-review-ack", "handled-elsewhere",
    ];

    public static IReadOnlyList<string> Needed(TagConfig tags)
    {
        var mapping = new TagMapping(tags.Prefix, tags.States, tags.Archived);
        return BuiltInStates.Select(mapping.TagFor).Append(mapping.ArchivedTag).Distinct(StringComparer.Ordinal).ToList();
    }
}

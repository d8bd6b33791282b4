using System.Collections.Concurrent;
using System.Globalization;
using PatchSync.Core.Model;
using PatchSync.Core.Planning;

namespace PatchSync.State.Schema;

/// <summary>How values are written to and read from columns, in one place so reads match writes.</summary>
internal static class Columns
{
    // Owned tags never contain a newline (neither IMAP keywords nor sensible notmuch tags do), so a
    // sorted, newline-joined list is an exact and cheap encoding.
    private const char TagSeparator = '\n';

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Tags(IReadOnlySet<string> tags)
    {
        foreach (var t in tags)
        {
            if (t.Contains(TagSeparator, StringComparison.Ordinal) || t.Length == 0)
            {
                throw new ArgumentException("a tag is empty or contains a newline", nameof(tags));
            }
        }

        return string.Join(TagSeparator, tags.Order(StringComparer.Ordinal));
    }

    public static IReadOnlySet<string> ParseTags(string text) =>
        text.Length == 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : new HashSet<string>(text.Split(TagSeparator), StringComparer.Ordinal);

    public static string Rule(ConflictRule rule) => rule switch
    {
        ConflictRule.Tracker => "tracker",
        ConflictRule.Mail => "mail",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown conflict rule"),
    };

    public static ConflictRule ParseRule(string text) =>
        text == "mail" ? ConflictRule.Mail : ConflictRule.Tracker;

    // A state store holds 100k patches but a few dozen distinct (state, archived) values: each load shares
    // one immutable snapshot per value instead of allocating one (and its state string) per row.
    private static readonly ConcurrentDictionary<(string State, bool Archived), PatchSnapshot> Snapshots = new();

    public static PatchSnapshot Snapshot(string state, long archived) =>
        Snapshots.GetOrAdd((state, archived != 0), key => new PatchSnapshot(key.State, key.Archived));
}

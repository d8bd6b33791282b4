using System.Globalization;

namespace PatchSync.Bench.Sync.Checking;

/// <summary>
/// Checks that a sync did its job: every mail's pwsync tags are exactly its patch's state on the tracker
/// (<c>pw-STATE</c>, plus <c>pw-archived</c> when archived), for every patch, not a sample; and that the
/// changes made on each side before the run ended up on the other side, not overwritten.
/// </summary>
public static class TagCheck
{
    public const string Prefix = "pw-";

    /// <returns>Problems found (empty when all is well), at most a few examples per kind plus a count.</returns>
    public static IReadOnlyList<string> Compare(
        IReadOnlyDictionary<string, (string State, bool Archived)> tracker,
        IReadOnlyDictionary<string, HashSet<string>> mail)
    {
        var problems = new List<string>();
        var mismatched = 0;
        foreach (var (messageId, (state, archived)) in tracker)
        {
            var expected = new HashSet<string>(StringComparer.Ordinal) { Prefix + state };
            if (archived)
            {
                expected.Add(Prefix + "archived");
            }

            if (!mail.TryGetValue(messageId, out var tags))
            {
                Note($"<{messageId}> is on the tracker but not in the mail store");
            }
            else if (!tags.SetEquals(expected))
            {
                Note($"<{messageId}>: tracker {state}{(archived ? " archived" : "")}, mail tags [{string.Join(' ', tags.Order(StringComparer.Ordinal))}]");
            }
        }

        if (mismatched > 5)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"... {mismatched} mails in all disagree with the tracker"));
        }

        return problems;

        void Note(string problem)
        {
            if (++mismatched <= 5)
            {
                problems.Add(problem);
            }
        }
    }

    /// <summary>Each changed patch holds the state its side set (a tracker edit was not reverted, a mail edit was pushed).</summary>
    public static IReadOnlyList<string> ChangesKept(
        IReadOnlyDictionary<string, (string State, bool Archived)> tracker,
        IEnumerable<Setup.StateChange> changes,
        string side)
    {
        var lost = changes.Where(c => tracker[c.MessageId].State != c.To).ToList();
        return lost.Count == 0
            ? []
            : [string.Create(CultureInfo.InvariantCulture, $"{lost.Count} {side} changes lost, e.g. patch {lost[0].PatchId} set to {lost[0].To} is {tracker[lost[0].MessageId].State}")];
    }
}

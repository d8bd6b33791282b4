using System.Text;
using PatchSync.Mail.Tags;

namespace PatchSync.Mail.Notmuch;

/// <summary>
/// The lines of one <c>notmuch tag --batch</c>: messages that need the same tag operations share a line,
/// <c>+pw-new -- id:"a" or id:"b" ...</c>, at most <c>idsPerLine</c> ids each. notmuch parses and runs one
/// Xapian query per line and flushes the tag's pending postings each time; one line per message cost about
/// 10 of the ~180 block reads notmuch makes per tagged message and twice the block writes. The rest of the
/// cost is per message whatever the lines look like: Xapian 1.4 loads every term of a document with its
/// positions before it adds a term (docs/benchmarks.md, "notmuch full sync (session 5)").
/// </summary>
internal static class NotmuchTagBatch
{
    /// <summary>
    /// Lines for <paramref name="writes"/>, grouped by their tag operations in order of first appearance.
    /// A line stays below <paramref name="maxLineChars"/> unless one id alone is longer.
    /// </summary>
    public static IEnumerable<string> Lines(IEnumerable<(string Id, MergedChange Change)> writes, int idsPerLine, int maxLineChars = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(idsPerLine, 1);

        // Changes share their tag sets (merged changes keep the caller's, and the engine interns them), so
        // MergedChange's record equality (set references) finds the few distinct operations without
        // formatting one string per message; equal operations from different set instances meet by text.
        var operationsOf = new Dictionary<MergedChange, string>();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (id, change) in writes)
        {
            if (!operationsOf.TryGetValue(change, out var operations))
            {
                operations = NotmuchBatchFormat.FormatOperations(change.Add.Order(StringComparer.Ordinal), change.Remove.Order(StringComparer.Ordinal));
                operationsOf[change] = operations;
            }

            if (!groups.TryGetValue(operations, out var ids))
            {
                ids = [];
                groups[operations] = ids;
            }

            ids.Add(id);
        }

        var line = new StringBuilder();
        foreach (var (operations, ids) in groups)
        {
            var count = 0;
            foreach (var id in ids)
            {
                var term = NotmuchBatchFormat.QuoteId(id);
                if (count > 0 && (count >= idsPerLine || line.Length + 4 + term.Length > maxLineChars))
                {
                    yield return line.ToString();
                    count = 0;
                }

                if (count == 0)
                {
                    line.Clear().Append(operations).Append(" -- ");
                }
                else
                {
                    line.Append(" or ");
                }

                line.Append(term);
                count++;
            }

            if (count > 0)
            {
                yield return line.ToString();
            }
        }
    }
}

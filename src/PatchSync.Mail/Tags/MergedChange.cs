using PatchSync.Mail.Abstractions;

namespace PatchSync.Mail.Tags;

/// <summary>
/// All requested changes to one Message-ID folded into one add set and one remove set: several
/// <see cref="TagChange"/>s for one message add up, a later one winning over an earlier one.
/// </summary>
internal sealed record MergedChange(HashSet<string> Add, HashSet<string> Remove)
{
    /// <summary>Folds <paramref name="changes"/> per Message-ID, dropping empty ones, keeping first-seen order.</summary>
    public static Dictionary<string, MergedChange> Merge(IEnumerable<TagChange> changes)
    {
        var merged = new Dictionary<string, MergedChange>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Add.Count == 0 && change.Remove.Count == 0)
            {
                continue;
            }

            if (!merged.TryGetValue(change.MessageId, out var entry))
            {
                entry = new MergedChange(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
                merged[change.MessageId] = entry;
            }

            entry.Add.ExceptWith(change.Remove);
            entry.Remove.ExceptWith(change.Add);
            entry.Add.UnionWith(change.Add);
            entry.Remove.UnionWith(change.Remove);
        }

        return merged;
    }
}

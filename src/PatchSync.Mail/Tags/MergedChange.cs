using PatchSync.Core.Ports;

namespace PatchSync.Mail.Tags;

/// <summary>
/// All requested changes to one Message-ID folded into one add set and one remove set: several
/// <see cref="TagChange"/>s for one message add up, a later one winning over an earlier one. A message
/// with one change (the usual case) keeps that change's sets: no copy per message in a 100k batch.
/// </summary>
internal sealed record MergedChange(IReadOnlySet<string> Add, IReadOnlySet<string> Remove)
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
                merged[change.MessageId] = new MergedChange(change.Add, change.Remove);
                continue;
            }

            var add = entry.Add.Except(change.Remove, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            var remove = entry.Remove.Except(change.Add, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            add.UnionWith(change.Add);
            remove.UnionWith(change.Remove);
            merged[change.MessageId] = new MergedChange(add, remove);
        }

        return merged;
    }
}

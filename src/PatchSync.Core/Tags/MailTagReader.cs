using PatchSync.Core.Model;

namespace PatchSync.Core.Tags;

/// <summary>Reads a mail's owned tags as a patch state (the mail side of the three-way merge).</summary>
public static class MailTagReader
{
    /// <summary>
    /// Interprets <paramref name="tags"/>: the state tags (owned, not the archived tag, not read-only extras)
    /// and the archived tag. One state tag is the mail's state. Several: the one that differs from
    /// <paramref name="baseValue"/> wins (a client that only adds tags); if more than one differs, or
    /// there is no base, the reading is ambiguous. None: the mail has no opinion.
    /// </summary>
    /// <param name="tags">The mail's tags (non-owned tags are ignored).</param>
    /// <param name="baseValue">The last synced value, or null at first sync.</param>
    /// <param name="mapping">The tag mapping.</param>
    /// <param name="extraTags">Read-only extra tags for this patch, never read as a state.</param>
    public static MailTagReading Read(
        IReadOnlySet<string> tags, PatchSnapshot? baseValue, TagMapping mapping, IReadOnlySet<string>? extraTags = null)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(mapping);
        var archived = tags.Contains(mapping.ArchivedTag);
        var states = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (mapping.StateFor(tag, extraTags) is { } state)
            {
                states.Add(state);
            }
        }

        switch (states.Count)
        {
            case 0:
                return new MailTagReading(null, archived, []);
            case 1:
                return new MailTagReading(new PatchSnapshot(states.Min!, archived), archived, []);
        }

        var differing = baseValue is null ? states.ToList() : states.Where(s => s != baseValue.State).ToList();
        return baseValue is not null && differing.Count == 1
            ? new MailTagReading(new PatchSnapshot(differing[0], archived), archived, [])
            : new MailTagReading(null, archived, differing);
    }
}

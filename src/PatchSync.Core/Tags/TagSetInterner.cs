namespace PatchSync.Core.Tags;

/// <summary>
/// Hands out one shared copy per distinct set of tags, as a read-only set (<see cref="Intern"/>: the messages
/// a store reads, the engine's tag sets) or as a sorted array (<see cref="InternArray"/>: the IMAP store's UID
/// map, write plans and checkpoint). A big mailbox has 100k messages but only a handful of distinct owned-tag
/// sets (<c>{pw-new}</c>, <c>{pw-accepted, pw-archived}</c>, ...); one <see cref="HashSet{T}"/> or array per
/// message costs ~200 bytes each, times every copy a run holds. Equal sets are one object, so callers may
/// compare them by reference. Callers must never modify what they get (the set is typed
/// <see cref="IReadOnlySet{T}"/> for that reason). Not thread-safe: one instance per reader, store or run.
/// </summary>
public sealed class TagSetInterner
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The shared set equal to <paramref name="tags"/>.</summary>
    public IReadOnlySet<string> Intern(IEnumerable<string> tags)
    {
        var entry = Lookup(tags);
        return entry.Set ??= new HashSet<string>(entry.Sorted, StringComparer.Ordinal);
    }

    /// <summary>The shared array of <paramref name="tags"/>, distinct and in ordinal order.</summary>
    public string[] InternArray(IEnumerable<string> tags) => Lookup(tags).Sorted;

    private Entry Lookup(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var sorted = tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var key = sorted.Length switch
        {
            0 => string.Empty,
            // The usual case: the tag itself is the key, no string built per message.
            1 => sorted[0],
            // Tags never contain a newline (the state store relies on the same), so this key is exact.
            _ => string.Join('\n', sorted),
        };
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new Entry(sorted);
            _entries[key] = entry;
        }

        return entry;
    }

    /// <summary>One distinct set: its array, and its set once someone asks for it.</summary>
    private sealed class Entry(string[] sorted)
    {
        public string[] Sorted { get; } = sorted;

        public IReadOnlySet<string>? Set { get; set; }
    }
}

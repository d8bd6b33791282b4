namespace PatchSync.Mail.Tags;

/// <summary>
/// Hands out one shared read-only set per distinct set of tags. A big mailbox has 100k messages but only a
/// handful of distinct owned-tag sets (<c>{pw-new}</c>, <c>{pw-accepted, pw-archived}</c>, ...); one
/// <see cref="HashSet{T}"/> per message costs ~200 bytes each, times every copy a run holds. Callers must
/// treat the returned sets as immutable (they are typed <see cref="IReadOnlySet{T}"/> for that reason).
/// Not thread-safe: one instance per reader or run.
/// </summary>
public sealed class TagSetInterner
{
    private readonly Dictionary<string, IReadOnlySet<string>> _sets = new(StringComparer.Ordinal);

    /// <summary>The shared set equal to <paramref name="tags"/>.</summary>
    public IReadOnlySet<string> Intern(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        // Tags never contain a newline (the state store relies on the same), so this key is exact.
        var key = string.Join('\n', tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        if (!_sets.TryGetValue(key, out var set))
        {
            set = key.Length == 0
                ? new HashSet<string>(StringComparer.Ordinal)
                : new HashSet<string>(key.Split('\n'), StringComparer.Ordinal);
            _sets[key] = set;
        }

        return set;
    }
}

namespace PatchSync.Mail.Imap;

/// <summary>
/// One shared sorted array per distinct set of owned keywords. A folder of 100k messages has a handful of
/// distinct sets (<c>[pw-new]</c>, <c>[pw-accepted, pw-archived]</c>...), so the UID map, the write plans and
/// the state after our writes all point at these few arrays instead of holding one (plus its strings) per
/// message. The arrays are shared: never modify one. Not thread-safe: one per store.
/// </summary>
internal sealed class TagArrays
{
    private readonly Dictionary<string, string[]> _arrays = new(StringComparer.Ordinal);

    /// <summary>The shared array of <paramref name="tags"/>, distinct and in ordinal order.</summary>
    public string[] Intern(IEnumerable<string> tags)
    {
        var sorted = tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        switch (sorted.Length)
        {
            case 0:
                return [];
            case 1:
                // The usual case: the tag itself is the key, no string built per message.
                return Lookup(sorted[0], sorted);
            default:
                // Tags are atoms (no space), so the joined form is exact.
                return Lookup(string.Join(' ', sorted), sorted);
        }
    }

    private string[] Lookup(string key, string[] sorted)
    {
        if (!_arrays.TryGetValue(key, out var shared))
        {
            shared = sorted;
            _arrays[key] = shared;
        }

        return shared;
    }
}

using System.Collections.Concurrent;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// Remembers, for a query at one data version, the order-key of the last row of each page served, so
/// the next page (what a client following <c>rel="next"</c> asks for) starts from that key instead of
/// an OFFSET. Entries for an older version are never hit again (the version is in the key) and the
/// whole cache is dropped when it grows past its bound.
/// </summary>
public sealed class KeysetCache
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, object?[]> _boundaries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out object?[] boundary) => _boundaries.TryGetValue(key, out boundary!);

    public void Set(string key, object?[] boundary)
    {
        if (_boundaries.Count >= MaxEntries)
        {
            _boundaries.Clear();
        }

        _boundaries[key] = boundary;
    }

    public static string Key(ListQuery query, long version, int perPage, int page) => $"{version}|{perPage}|{page}|{query.Signature}";
}

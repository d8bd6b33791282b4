using System.Collections.Concurrent;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// Remembers, for a query, the order-key of the last row of each page served and the data version it
/// was read at, so the next page (what a client following <c>rel="next"</c> asks for) starts from that
/// key instead of an OFFSET. A boundary is only used at the version it was read at: a write changes
/// the version, so stale keys are never used. The whole cache is dropped when it grows past its bound.
/// </summary>
internal sealed class KeysetCache
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, (long Version, object?[] Boundary)> _boundaries = new(StringComparer.Ordinal);

    /// <summary>The boundary for <paramref name="key"/> if it was read at <paramref name="version"/>.</summary>
    public bool TryGet(string key, long version, out object?[] boundary)
    {
        if (_boundaries.TryGetValue(key, out var entry) && entry.Version == version)
        {
            boundary = entry.Boundary;
            return true;
        }

        boundary = [];
        return false;
    }

    /// <summary>
    /// The newest boundary for <paramref name="key"/> whatever its version: PostgreSQL reads the
    /// version in the same statement as the page, so it uses this one and checks the version after.
    /// </summary>
    public bool TryGetLatest(string key, out long version, out object?[] boundary)
    {
        if (_boundaries.TryGetValue(key, out var entry))
        {
            (version, boundary) = entry;
            return true;
        }

        (version, boundary) = (0, []);
        return false;
    }

    public void Set(string key, long version, object?[] boundary)
    {
        if (_boundaries.Count >= MaxEntries)
        {
            _boundaries.Clear();
        }

        _boundaries[key] = (version, boundary);
    }

    public static string Key(ListQuery query, int perPage, int page) => $"{perPage}|{page}|{query.Signature}";
}

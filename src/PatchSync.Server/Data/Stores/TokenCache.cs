using System.Collections.Concurrent;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// API token hashes found in the database, each remembered for <see cref="Lifetime"/>, so a client
/// sending the same token on every request (the sync daemon does) costs one lookup every few
/// seconds instead of one per request. Bounded: the whole cache is dropped when it fills up.
/// </summary>
internal sealed class TokenCache(TimeProvider clock)
{
    /// <summary>How long a found token is trusted without asking the database again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 1_000;
    private readonly ConcurrentDictionary<string, (UserRow User, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string tokenHash, out UserRow? user)
    {
        if (_entries.TryGetValue(tokenHash, out var entry) && entry.Expires > clock.GetUtcNow())
        {
            user = entry.User;
            return true;
        }

        user = null;
        return false;
    }

    public void Set(string tokenHash, UserRow user)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[tokenHash] = (user, clock.GetUtcNow() + Lifetime);
    }

    /// <summary>Forgets every token (after this process replaced one).</summary>
    public void Clear() => _entries.Clear();
}

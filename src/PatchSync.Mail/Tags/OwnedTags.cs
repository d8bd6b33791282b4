using PatchSync.Mail.Abstractions;

namespace PatchSync.Mail.Tags;

/// <summary>
/// The rule every store follows: only tags that start with the configured prefix belong to pwsync.
/// Reads drop every other tag; writes refuse to touch one.
/// </summary>
public sealed class OwnedTags
{
    public OwnedTags(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
    }

    /// <summary>The prefix (default <c>pw-</c>).</summary>
    public string Prefix { get; }

    /// <summary>Whether <paramref name="tag"/> belongs to pwsync.</summary>
    public bool IsOwned(string tag) => tag.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Checks that every tag a change adds or removes is owned; throws naming the first that is not.</summary>
    public void EnsureOwned(IEnumerable<TagChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            foreach (var tag in change.Add.Concat(change.Remove))
            {
                if (!IsOwned(tag))
                {
                    throw new ArgumentException(
                        $"tag '{tag}' for <{change.MessageId}> does not start with the prefix '{Prefix}': pwsync only writes its own tags",
                        nameof(changes));
                }
            }
        }
    }
}

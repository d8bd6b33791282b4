namespace PatchSync.Core.Tags;

/// <summary>
/// The one rule for which tags are pwsync's: those that start with the configured prefix. The planner
/// (through <see cref="TagMapping.IsOwned"/>) and every mail store follow it: reads drop every other tag,
/// writes refuse to touch one.
/// </summary>
public sealed class OwnedTags
{
    /// <param name="prefix">The prefix of every owned tag (default <c>pw-</c>).</param>
    /// <exception cref="ArgumentException">The prefix is empty.</exception>
    public OwnedTags(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
    }

    /// <summary>The prefix (default <c>pw-</c>).</summary>
    public string Prefix { get; }

    /// <summary>Whether <paramref name="tag"/> belongs to pwsync.</summary>
    public bool IsOwned(string tag) => tag.StartsWith(Prefix, StringComparison.Ordinal);
}

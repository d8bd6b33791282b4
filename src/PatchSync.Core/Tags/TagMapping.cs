using System.Collections.Frozen;

namespace PatchSync.Core.Tags;

/// <summary>
/// Maps tracker state slugs to mail tags and back. A tag is <c>prefix + slug</c> (<c>pw-new</c>,
/// <c>pw-under-review</c>, ...) unless the configuration overrides it; archived is its own tag.
/// Only tags that start with the prefix belong to pwsync: every other tag is never touched.
/// </summary>
public sealed class TagMapping
{
    public const string DefaultPrefix = "pw-";
    public const string ArchivedSuffix = "archived";

    private readonly FrozenDictionary<string, string> _stateToTag;
    private readonly FrozenDictionary<string, string> _tagToState;

    public TagMapping(string prefix = DefaultPrefix, IReadOnlyDictionary<string, string>? overrides = null, string? archivedTag = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
        ArchivedTag = archivedTag ?? prefix + ArchivedSuffix;
        _stateToTag = (overrides ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.Ordinal);
        _tagToState = _stateToTag.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        foreach (var tag in _stateToTag.Values.Append(ArchivedTag))
        {
            if (!tag.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"tag '{tag}' does not start with the prefix '{prefix}'", nameof(overrides));
            }
        }
    }

    /// <summary>The prefix every pwsync-owned tag starts with.</summary>
    public string Prefix { get; }

    /// <summary>The tag that marks an archived patch.</summary>
    public string ArchivedTag { get; }

    /// <summary>Whether a tag belongs to pwsync (starts with the prefix).</summary>
    public bool IsOwned(string tag) => tag.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The tag for a state slug: the override if configured, else prefix + slug.</summary>
    public string TagFor(string stateSlug) =>
        _stateToTag.TryGetValue(stateSlug, out var tag) ? tag : Prefix + stateSlug;

    /// <summary>Whether a state slug has an explicit override (unknown slugs still map to prefix + slug).</summary>
    public bool IsConfigured(string stateSlug) => _stateToTag.ContainsKey(stateSlug);

    /// <summary>
    /// The state slug a tag stands for, or null when the tag is not a state tag (not owned, the
    /// archived tag, or an extra read-only tag named in <paramref name="readOnlyTags"/>).
    /// </summary>
    public string? StateFor(string tag, IReadOnlySet<string>? readOnlyTags = null)
    {
        if (_tagToState.TryGetValue(tag, out var state))
        {
            return state;
        }

        if (!IsOwned(tag) || tag == ArchivedTag || (readOnlyTags?.Contains(tag) ?? false))
        {
            return null;
        }

        var slug = tag[Prefix.Length..];
        // A tag whose slug is overridden elsewhere is not that state's tag any more.
        return slug.Length == 0 || _stateToTag.ContainsKey(slug) ? null : slug;
    }
}

using System.Collections.Frozen;
using PatchSync.Core.Model;

namespace PatchSync.Core.Tags;

/// <summary>
/// Maps tracker state slugs to mail tags and back. A tag is <c>prefix + slug</c> (<c>pw-new</c>,
/// <c>pw-under-review</c>, ...) unless the configuration overrides it; archived is its own tag.
/// Only tags that start with the prefix belong to pwsync: every other tag is never touched.
/// Some owned tags are read-only extras derived from the tracker (<c>pw-delegate-alice</c>,
/// <c>pw-checks-fail</c>, <c>pw-series-complete</c>): pwsync sets and clears them but never reads
/// them back as a state, so a user cannot "edit" a patch through them.
/// </summary>
public sealed class TagMapping
{
    /// <summary>Prefix of the tags pwsync owns unless the configuration sets another.</summary>
    public const string DefaultPrefix = "pw-";
    /// <summary>Suffix (after the prefix) of the tag that marks a patch archived: <c>pw-archived</c>.</summary>
    public const string ArchivedSuffix = "archived";

    /// <summary>
    /// Suffixes (after the prefix) that start the read-only extra tags by default:
    /// <c>delegate-</c>, <c>checks-</c>, <c>series-</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultReadOnlySuffixes = ["delegate-", "checks-", "series-"];

    private readonly FrozenDictionary<string, string> _stateToTag;
    private readonly FrozenDictionary<string, string> _tagToState;

    /// <param name="prefix">The prefix of every owned tag.</param>
    /// <param name="overrides">State slug -> tag, for states whose tag is not prefix + slug.</param>
    /// <param name="archivedTag">The archived tag; default prefix + <c>archived</c>.</param>
    /// <param name="readOnlySuffixes">
    /// Suffixes after the prefix that mark read-only extra tags; default <see cref="DefaultReadOnlySuffixes"/>.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The prefix is empty, an override or the archived tag lacks the prefix, two states share a tag, or a
    /// state is mapped to the archived tag.
    /// </exception>
    public TagMapping(
        string prefix = DefaultPrefix,
        IReadOnlyDictionary<string, string>? overrides = null,
        string? archivedTag = null,
        IEnumerable<string>? readOnlySuffixes = null)
    {
        Owned = new OwnedTags(prefix);
        ArchivedTag = archivedTag ?? prefix + ArchivedSuffix;
        _stateToTag = (overrides ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.Ordinal);
        foreach (var group in _stateToTag.GroupBy(kv => kv.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new ArgumentException(
                $"tag '{group.Key}' is mapped to several states ({string.Join(", ", group.Select(kv => kv.Key).Order(StringComparer.Ordinal))})",
                nameof(overrides));
        }

        if (_stateToTag.FirstOrDefault(kv => kv.Value == ArchivedTag) is { Key: not null } clash)
        {
            throw new ArgumentException($"state '{clash.Key}' is mapped to the archived tag '{ArchivedTag}'", nameof(overrides));
        }

        _tagToState = _stateToTag.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        ReadOnlyPrefixes = (readOnlySuffixes ?? DefaultReadOnlySuffixes)
            .Where(s => s.Length > 0)
            .Select(s => prefix + s)
            .ToArray();
        foreach (var tag in _stateToTag.Values.Append(ArchivedTag))
        {
            if (!tag.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"tag '{tag}' does not start with the prefix '{prefix}'", nameof(overrides));
            }
        }
    }

    /// <summary>The prefix every pwsync-owned tag starts with.</summary>
    public string Prefix => Owned.Prefix;

    /// <summary>The owned-tag rule this mapping follows (the same one the mail stores use).</summary>
    public OwnedTags Owned { get; }

    /// <summary>The tag that marks an archived patch.</summary>
    public string ArchivedTag { get; }

    /// <summary>Full prefixes of the read-only extra tags, e.g. <c>pw-delegate-</c>.</summary>
    public IReadOnlyList<string> ReadOnlyPrefixes { get; }

    /// <summary>Whether a tag belongs to pwsync (starts with the prefix).</summary>
    public bool IsOwned(string tag) => Owned.IsOwned(tag);

    /// <summary>Whether a tag is a read-only extra tag (starts with one of <see cref="ReadOnlyPrefixes"/>).</summary>
    public bool IsReadOnly(string tag)
    {
        foreach (var p in ReadOnlyPrefixes)
        {
            if (tag.StartsWith(p, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The tag for a state slug: the override if configured, else prefix + slug.</summary>
    public string TagFor(string stateSlug) =>
        _stateToTag.TryGetValue(stateSlug, out var tag) ? tag : Prefix + stateSlug;

    /// <summary>Whether a state slug has an explicit override (unknown slugs still map to prefix + slug).</summary>
    public bool IsConfigured(string stateSlug) => _stateToTag.ContainsKey(stateSlug);

    /// <summary>
    /// The owned tags a mail should carry for <paramref name="value"/>: the state tag, the archived tag
    /// when archived, and the read-only <paramref name="extraTags"/> (non-owned extras are ignored).
    /// </summary>
    public IReadOnlySet<string> TagsFor(PatchSnapshot value, IReadOnlySet<string>? extraTags = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tags = new HashSet<string>(StringComparer.Ordinal) { TagFor(value.State) };
        if (value.Archived)
        {
            tags.Add(ArchivedTag);
        }

        if (extraTags is not null)
        {
            tags.UnionWith(extraTags.Where(IsOwned));
        }

        return tags;
    }

    /// <summary>
    /// The state slug a tag stands for, or null when the tag is not a state tag (not owned, the
    /// archived tag, a read-only extra tag by prefix, or one named in <paramref name="readOnlyTags"/>).
    /// </summary>
    public string? StateFor(string tag, IReadOnlySet<string>? readOnlyTags = null)
    {
        if (_tagToState.TryGetValue(tag, out var state))
        {
            return state;
        }

        if (!IsOwned(tag) || tag == ArchivedTag || IsReadOnly(tag) || (readOnlyTags?.Contains(tag) ?? false))
        {
            return null;
        }

        var slug = tag[Prefix.Length..];
        // A tag whose slug is overridden elsewhere is not that state's tag any more.
        return slug.Length == 0 || _stateToTag.ContainsKey(slug) ? null : slug;
    }
}

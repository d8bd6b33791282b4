using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>
/// Message-ID -> where its copies are (folder number and UID), over the folders of one read. Built once per
/// read and reused by every apply after it (our writes change tags, never where a copy is). One 8-byte
/// entry per message; the rare second and further copies of a Message-ID sit in a side table. A copy's
/// tags are looked up in its folder's UID map, so they are always the current ones.
/// </summary>
internal sealed class CopyIndex
{
    private readonly string[] _names;
    private readonly FolderState[] _folders;
    private readonly Dictionary<string, CopyRef> _first;
    private readonly Dictionary<string, List<CopyRef>> _more = new(StringComparer.Ordinal);

    private CopyIndex(IReadOnlyDictionary<string, FolderState> folders, int capacity)
    {
        _names = [.. folders.Keys];
        _folders = [.. folders.Values];
        _first = new Dictionary<string, CopyRef>(capacity, StringComparer.Ordinal);
    }

    /// <summary>How many Message-IDs have a copy.</summary>
    public int Count => _first.Count;

    /// <summary>Every Message-ID with a copy.</summary>
    public IEnumerable<string> Ids => _first.Keys;

    /// <summary>
    /// The index over every copy, or only over copies of the Message-IDs in <paramref name="only"/> (an ordinal
    /// set: a folder still encoded as its checkpoint is matched line by line on the Message-ID field, and only
    /// matching lines are decoded).
    /// </summary>
    public static CopyIndex Build(IReadOnlyDictionary<string, FolderState> folders, HashSet<string>? only = null)
    {
        var index = new CopyIndex(folders, only?.Count ?? folders.Values.Sum(f => f.MessageCount));
        for (var folder = 0; folder < index._folders.Length; folder++)
        {
            var state = index._folders[folder];
            foreach (var (uid, copy) in only is null ? state.Copies : state.CopiesOf(only))
            {
                if (copy.MessageId.Length == 0)
                {
                    continue;
                }

                var at = new CopyRef(folder, uid);
                if (index._first.TryAdd(copy.MessageId, at))
                {
                    continue;
                }

                if (!index._more.TryGetValue(copy.MessageId, out var more))
                {
                    more = new List<CopyRef>(1);
                    index._more[copy.MessageId] = more;
                }

                more.Add(at);
            }
        }

        return index;
    }

    public bool Contains(string messageId) => _first.ContainsKey(messageId);

    /// <summary>Every copy of <paramref name="messageId"/> with its current state (none when unknown).</summary>
    public IEnumerable<(string Folder, uint Uid, CopyState Copy)> CopiesOf(string messageId)
    {
        if (!_first.TryGetValue(messageId, out var first))
        {
            yield break;
        }

        yield return Resolve(first);
        if (_more.TryGetValue(messageId, out var more))
        {
            foreach (var at in more)
            {
                yield return Resolve(at);
            }
        }
    }

    /// <summary>
    /// Tags = union over the copies (one shared set per distinct union, from <paramref name="sets"/>); copies
    /// that carry different owned tags are flagged as disagreeing. <c>Copies</c> is formatted only when read.
    /// </summary>
    public MailMessage ToMessage(string messageId, TagSetInterner sets)
    {
        var first = Resolve(_first[messageId]).Copy;
        if (!_more.TryGetValue(messageId, out var more))
        {
            return new MailMessage(messageId, sets.Intern(first.Tags), new IndexedCopies(this, messageId), false);
        }

        var disagree = false;
        var union = new List<string>(first.Tags);
        foreach (var at in more)
        {
            var copy = Resolve(at).Copy;
            disagree |= !ReferenceEquals(copy.Tags, first.Tags) && !copy.Tags.AsSpan().SequenceEqual(first.Tags);
            union.AddRange(copy.Tags);
        }

        return new MailMessage(messageId, sets.Intern(union), new IndexedCopies(this, messageId), disagree);
    }

    private (string Folder, uint Uid, CopyState Copy) Resolve(CopyRef at) =>
        (_names[at.Folder], at.Uid, _folders[at.Folder].Get(at.Uid) ?? throw new InvalidOperationException($"copy {_names[at.Folder]}:{at.Uid} is gone from the state it was indexed in"));

    private readonly record struct CopyRef(int Folder, uint Uid);
}

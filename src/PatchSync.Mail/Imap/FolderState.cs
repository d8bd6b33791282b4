using System.Diagnostics.CodeAnalysis;

namespace PatchSync.Mail.Imap;

/// <summary>
/// What pwsync knows about one folder after a read: its UIDVALIDITY, HIGHESTMODSEQ and UIDNEXT, and per
/// UID the Message-ID and the owned keywords. The UID map lets a delta read name the Message-IDs of
/// changed and vanished UIDs and report every copy of a Message-ID without re-reading other folders.
/// </summary>
/// <remarks>
/// A state read from a checkpoint keeps the checkpoint's map as its encoded, shared base
/// (<see cref="EncodedUidMap"/>) and records only what changed over it, so a delta read, its clone and the
/// checkpoint written after it cost the number of changed UIDs, not the folder's size. A state indexed from
/// the server has no base: every copy is in the change map.
/// </remarks>
internal sealed class FolderState
{
    private readonly EncodedUidMap? _base;

    /// <summary>Over <see cref="_base"/>: UID -> its copy now, or null when removed. Without a base: every copy.</summary>
    private readonly Dictionary<uint, CopyState?> _changes;

    public FolderState()
    {
        _changes = [];
    }

    /// <summary>A state whose map is the checkpoint's, still encoded.</summary>
    public FolderState(EncodedUidMap encoded)
    {
        _base = encoded;
        _changes = [];
        MessageCount = encoded.Count;
    }

    private FolderState(EncodedUidMap? encoded, Dictionary<uint, CopyState?> changes, int count)
    {
        _base = encoded;
        _changes = changes;
        MessageCount = count;
    }

    public required uint UidValidity { get; init; }

    public required ulong HighestModSeq { get; set; }

    public required uint UidNext { get; set; }

    /// <summary>How many messages the folder holds (messages without a Message-ID count too).</summary>
    public int MessageCount { get; private set; }

    /// <summary>
    /// For a state made by a delta read: the UIDs that were fetched or dropped, so only they need comparing
    /// with the previous state. Null: compare everything.
    /// </summary>
    public HashSet<uint>? Touched { get; set; }

    /// <summary>The checkpoint's map this state is based on (null for a state indexed from the server).</summary>
    public EncodedUidMap? Encoded => _base;

    /// <summary>UID -> copy for the UIDs that differ from <see cref="Encoded"/> (null: removed), or every copy without a base.</summary>
    public IReadOnlyDictionary<uint, CopyState?> Changes => _changes;

    /// <summary>The copy with <paramref name="uid"/> (messages without a Message-ID have an empty id).</summary>
    public bool TryGet(uint uid, [NotNullWhen(true)] out CopyState? copy)
    {
        copy = _changes.TryGetValue(uid, out var changed) ? changed : _base?.Get(uid);
        return copy is not null;
    }

    public CopyState? Get(uint uid) => TryGet(uid, out var copy) ? copy : null;

    public bool Contains(uint uid) => _changes.TryGetValue(uid, out var changed) ? changed is not null : _base?.Contains(uid) == true;

    /// <summary>Sets the copy with <paramref name="uid"/>, new or replacing the one known.</summary>
    public void Set(uint uid, CopyState copy)
    {
        if (!Contains(uid))
        {
            MessageCount++;
        }

        _changes[uid] = copy;
    }

    /// <summary>Forgets <paramref name="uid"/> (expunged); false when it was not known.</summary>
    public bool Remove(uint uid)
    {
        if (!Contains(uid))
        {
            return false;
        }

        if (_base?.Contains(uid) == true)
        {
            _changes[uid] = null;
        }
        else
        {
            _changes.Remove(uid);
        }

        MessageCount--;
        return true;
    }

    /// <summary>Room for <paramref name="count"/> copies (a first index of a folder).</summary>
    public void EnsureCapacity(int count) => _changes.EnsureCapacity(count);

    /// <summary>Every UID the folder holds.</summary>
    public IEnumerable<uint> Uids
    {
        get
        {
            if (_base is not null)
            {
                foreach (var uid in _base.Uids)
                {
                    if (!_changes.ContainsKey(uid))
                    {
                        yield return uid;
                    }
                }
            }

            foreach (var (uid, copy) in _changes)
            {
                if (copy is not null)
                {
                    yield return uid;
                }
            }
        }
    }

    /// <summary>Every copy, decoding the encoded ones as it goes (a full comparison or a full index).</summary>
    public IEnumerable<(uint Uid, CopyState Copy)> Copies
    {
        get
        {
            if (_base is not null)
            {
                for (var line = 0; line < _base.LineCount; line++)
                {
                    var uid = _base.UidAt(line);
                    if (_base.IsCurrent(line) && !_changes.ContainsKey(uid))
                    {
                        yield return (uid, _base.DecodeAt(line));
                    }
                }
            }

            foreach (var (uid, copy) in _changes)
            {
                if (copy is not null)
                {
                    yield return (uid, copy);
                }
            }
        }
    }

    /// <summary>
    /// The copies whose Message-ID is in <paramref name="ids"/>. Encoded lines are matched by their Message-ID
    /// field as a span: only matching lines are decoded.
    /// </summary>
    public IEnumerable<(uint Uid, CopyState Copy)> CopiesOf(HashSet<string> ids)
    {
        if (ids.Count == 0)
        {
            yield break;
        }

        if (_base is not null)
        {
            foreach (var line in _base.LinesWithIds(ids))
            {
                var uid = _base.UidAt(line);
                if (_base.IsCurrent(line) && !_changes.ContainsKey(uid))
                {
                    yield return (uid, _base.DecodeAt(line));
                }
            }
        }

        foreach (var (uid, copy) in _changes)
        {
            if (copy is not null && ids.Contains(copy.MessageId))
            {
                yield return (uid, copy);
            }
        }
    }

    /// <summary>A copy to change: it shares the encoded base (never changed) and copies only the changes over it.</summary>
    public FolderState Clone() => new(_base, new Dictionary<uint, CopyState?>(_changes), MessageCount)
    {
        UidValidity = UidValidity,
        HighestModSeq = HighestModSeq,
        UidNext = UidNext,
    };
}

using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>
/// What pwsync knows about one folder after a read: its UIDVALIDITY, HIGHESTMODSEQ and UIDNEXT, and per
/// UID the Message-ID and the owned keywords. The UID map lets a delta read name the Message-IDs of
/// changed and vanished UIDs and report every copy of a Message-ID without re-reading other folders.
/// A state parsed from a checkpoint keeps its map encoded until first used: a delta read of an
/// unchanged folder never pays for decoding 100k entries.
/// </summary>
internal sealed class FolderState
{
    private Dictionary<uint, CopyState>? _messages;
    private List<string>? _encoded;
    private TagSetInterner? _tagArrays;

    public FolderState()
    {
        _messages = [];
    }

    /// <summary>A state whose map is still encoded (checkpoint entries <c>"uid message-id tag..."</c>).</summary>
    public FolderState(List<string> encoded, TagSetInterner tagArrays)
    {
        _encoded = encoded;
        _tagArrays = tagArrays;
    }

    public required uint UidValidity { get; init; }

    public required ulong HighestModSeq { get; set; }

    public required uint UidNext { get; set; }

    /// <summary>How many messages the folder held, without decoding the map.</summary>
    public int MessageCount => _messages?.Count ?? _encoded!.Count;

    /// <summary>UID -> copy. Messages without a Message-ID are kept too (with an empty id) so counts match.</summary>
    public Dictionary<uint, CopyState> Messages => _messages ??= Decode(_encoded!);

    /// <summary>
    /// For a state made by a delta read: the UIDs that were fetched or dropped, so only they need comparing
    /// with the previous state. Null: compare everything.
    /// </summary>
    public HashSet<uint>? Touched { get; set; }

    /// <summary>The encoded map when never decoded (written back to a checkpoint as is).</summary>
    public List<string>? Encoded => _messages is null ? _encoded : null;

    public FolderState Clone() => new()
    {
        UidValidity = UidValidity,
        HighestModSeq = HighestModSeq,
        UidNext = UidNext,
        _messages = new Dictionary<uint, CopyState>(Messages),
    };

    private Dictionary<uint, CopyState> Decode(List<string> encoded)
    {
        var messages = new Dictionary<uint, CopyState>(encoded.Count);
        foreach (var line in encoded)
        {
            var (uid, copy) = ImapCheckpoint.Decode(line, _tagArrays!);
            messages[uid] = copy;
        }

        _encoded = null;
        _tagArrays = null;
        return messages;
    }
}

namespace PatchSync.Mail.Imap;

/// <summary>
/// What pwsync knows about one folder after a read: its UIDVALIDITY, HIGHESTMODSEQ and UIDNEXT, and per
/// UID the Message-ID and the owned keywords. The UID map lets a delta read name the Message-IDs of
/// changed and vanished UIDs and report every copy of a Message-ID without re-reading other folders.
/// </summary>
internal sealed class FolderState
{
    public required uint UidValidity { get; init; }

    public required ulong HighestModSeq { get; set; }

    public required uint UidNext { get; set; }

    /// <summary>UID -> copy. Messages without a Message-ID are kept too (with an empty id) so counts match.</summary>
    public Dictionary<uint, CopyState> Messages { get; init; } = [];

    public FolderState Clone() => new()
    {
        UidValidity = UidValidity,
        HighestModSeq = HighestModSeq,
        UidNext = UidNext,
        Messages = new Dictionary<uint, CopyState>(Messages),
    };
}

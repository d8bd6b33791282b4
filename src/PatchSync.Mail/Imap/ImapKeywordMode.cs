namespace PatchSync.Mail.Imap;

/// <summary>What an IMAP tag is on the server.</summary>
public enum ImapKeywordMode
{
    /// <summary>An IMAP keyword (a user flag in FLAGS, written with STORE +FLAGS/-FLAGS).</summary>
    Keywords,

    /// <summary>A Gmail label (<c>X-GM-LABELS</c>, written with STORE +X-GM-LABELS), on servers offering <c>X-GM-EXT-1</c>.</summary>
    GmailLabels,
}

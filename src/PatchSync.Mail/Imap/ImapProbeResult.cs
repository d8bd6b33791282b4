namespace PatchSync.Mail.Imap;

/// <summary>What an IMAP server and its configured folders offer pwsync (from <see cref="ImapMailStore.ProbeAsync"/>).</summary>
/// <param name="CondStore">CONDSTORE (RFC 7162): incremental reads by modseq and conditional writes.</param>
/// <param name="QResync">QRESYNC (RFC 7162): expunges reported since a modseq.</param>
/// <param name="Idle">IDLE (RFC 2177): the server can push changes to a waiting client.</param>
/// <param name="Mode">Keywords, or Gmail labels where the server offers X-GM-EXT-1.</param>
/// <param name="Folders">Every configured folder that exists (patterns expanded).</param>
public sealed record ImapProbeResult(bool CondStore, bool QResync, bool Idle, ImapKeywordMode Mode, IReadOnlyList<ImapFolderProbe> Folders);

/// <summary>One folder as selected read-write.</summary>
/// <param name="Name">The folder's full name.</param>
/// <param name="Messages">Messages in it.</param>
/// <param name="Writable">Whether the server let this user select it read-write (no [READ-ONLY]).</param>
/// <param name="AcceptsNewKeywords">PERMANENTFLAGS holds <c>\*</c>: a keyword the folder has never seen can be stored.</param>
/// <param name="Keywords">The keywords the folder has defined (FLAGS), pwsync's and others'.</param>
/// <param name="CannotStore">Keywords asked about that the folder would not keep (no <c>\*</c> and not among its permanent keywords).</param>
public sealed record ImapFolderProbe(
    string Name,
    int Messages,
    bool Writable,
    bool AcceptsNewKeywords,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> CannotStore);

namespace PatchSync.Core.Ports;

/// <summary>A Message-ID and its pwsync-owned tags over all its copies.</summary>
/// <param name="MessageId">Without angle brackets.</param>
/// <param name="Tags">The union of the owned tags over all copies.</param>
/// <param name="Copies">Where each copy lives (folder and UID, or a notmuch message); for reports, never cached as a path.</param>
/// <param name="CopiesDisagree">True when copies carry different owned tags (reported; all get tagged alike on the next write).</param>
public sealed record MailMessage(
    string MessageId,
    IReadOnlySet<string> Tags,
    IReadOnlyList<string> Copies,
    bool CopiesDisagree);

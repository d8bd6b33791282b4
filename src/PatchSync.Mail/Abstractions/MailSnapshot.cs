namespace PatchSync.Mail.Abstractions;

/// <summary>What <see cref="IMailStore.ReadAsync"/> found.</summary>
/// <param name="IsFull">True when every message was read (first run or checkpoint invalid), false for a delta.</param>
/// <param name="Messages">
/// Message-ID (without angle brackets) -> current state. For a full read: every message; for a delta:
/// the messages whose tags changed, that arrived, or that lost a copy.
/// </param>
/// <param name="Removed">Message-IDs that no copy carries any more (delta reads only).</param>
/// <param name="Checkpoint">The checkpoint to save once these changes are taken in.</param>
/// <param name="Warnings">One-line warnings (e.g. more than 26 keywords in a Maildir folder).</param>
public sealed record MailSnapshot(
    bool IsFull,
    IReadOnlyDictionary<string, MailMessage> Messages,
    IReadOnlySet<string> Removed,
    MailCheckpoint Checkpoint,
    IReadOnlyList<string> Warnings);

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

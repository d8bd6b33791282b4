namespace PatchSync.Core.Ports;

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

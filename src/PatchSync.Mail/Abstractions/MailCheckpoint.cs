namespace PatchSync.Mail.Abstractions;

/// <summary>
/// An opaque, serialisable marker of how far a store has been read (IMAP: UIDVALIDITY, HIGHESTMODSEQ and
/// UIDNEXT and a compact UID map per folder; notmuch: database UUID, lastmod revision and message count). The state store saves
/// <see cref="Value"/> as text and hands it back on the next run.
/// </summary>
/// <param name="Kind">The store kind that wrote it (<c>imap</c>, <c>notmuch</c>), so a wrong one is refused.</param>
/// <param name="Value">Store-specific text (JSON for IMAP, <c>uuid:revision:count</c> for notmuch); see docs/mail-stores.md.</param>
public sealed record MailCheckpoint(string Kind, string Value);

namespace PatchSync.Core.Ports;

/// <summary>What <see cref="IMailStore.ApplyAsync"/> did.</summary>
/// <param name="Applied">Message-IDs whose copies now carry the requested tags.</param>
/// <param name="Conflicts">Message-IDs left unchanged because another client modified them since they were read.</param>
/// <param name="NotFound">Message-IDs no copy carries.</param>
/// <param name="Checkpoint">
/// A checkpoint to save instead of the last read's: it covers that read plus every write this store
/// instance made since (this apply and earlier ones), so the next delta read does not return pwsync's own
/// retags. Null when the store cannot vouch that nothing else changed in between (another client's change,
/// a conflict, new or expunged mail, a store that cannot tell): then the read's checkpoint is saved and
/// the next read returns the own writes once. Once null after a read, it stays null until the next read.
/// </param>
public sealed record ApplyResult(
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Conflicts,
    IReadOnlyList<string> NotFound,
    MailCheckpoint? Checkpoint = null);

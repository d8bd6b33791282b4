namespace PatchSync.Core.Ports;

/// <summary>
/// "Something in the store may have changed": one signal of an <see cref="IMailWatcher"/>. When the store can
/// tell how far it has moved (<see cref="Position"/>), the change is compared with a saved checkpoint
/// (<see cref="MailCoverage"/>); without a position (new or expunged mail, a server without CONDSTORE) it
/// always asks for a sync.
/// </summary>
/// <param name="Reason">For logs: <c>FETCH</c>, <c>EXISTS</c>, <c>EXPUNGE</c>, <c>connected</c>, <c>lastmod</c>.</param>
public sealed record MailChange(string Reason)
{
    /// <summary>The IMAP folder it happened in; null for a store without folders (notmuch).</summary>
    public string? Folder { get; init; }

    /// <summary>What the position is counted in: IMAP UIDVALIDITY, notmuch database UUID.</summary>
    public string? Generation { get; init; }

    /// <summary>IMAP: the highest MODSEQ reported; notmuch: the lastmod revision. Null: not comparable.</summary>
    public ulong? Position { get; init; }

    /// <summary>notmuch: the message count at that revision (a removal moves no lastmod query); null elsewhere.</summary>
    public long? Count { get; init; }
}

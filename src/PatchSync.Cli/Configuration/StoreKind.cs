namespace PatchSync.Cli.Configuration;

/// <summary>The kind of a <c>[stores.NAME]</c> table.</summary>
public enum StoreKind
{
    /// <summary>An IMAP account; tags are IMAP keywords.</summary>
    Imap,

    /// <summary>A local notmuch database; tags are notmuch tags.</summary>
    Notmuch,
}

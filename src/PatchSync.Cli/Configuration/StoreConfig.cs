namespace PatchSync.Cli.Configuration;

/// <summary>A <c>[stores.NAME]</c> table: where a project's mails live.</summary>
/// <param name="Name">The table name, used by projects to refer to it.</param>
/// <param name="Kind">IMAP or notmuch.</param>
/// <param name="Imap">The IMAP settings when <paramref name="Kind"/> is IMAP.</param>
/// <param name="NotmuchConfig">The notmuch config file when <paramref name="Kind"/> is notmuch (null: notmuch's own default).</param>
public sealed record StoreConfig(string Name, StoreKind Kind, ImapConfig? Imap, string? NotmuchConfig);

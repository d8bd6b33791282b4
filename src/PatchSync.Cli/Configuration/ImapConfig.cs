using PatchSync.Core.Secrets;
using PatchSync.Mail.Imap;

namespace PatchSync.Cli.Configuration;

/// <summary>The IMAP part of a <c>[stores.NAME]</c> table with <c>kind = "imap"</c>.</summary>
/// <param name="Host">Server host name.</param>
/// <param name="Port">Server port (default 993 for TLS, 143 otherwise).</param>
/// <param name="Security">TLS mode.</param>
/// <param name="User">Login name.</param>
/// <param name="Password">Where the password comes from.</param>
/// <param name="Folders">Folder names or globs (<c>INBOX</c>, <c>lists/*</c>).</param>
public sealed record ImapConfig(
    string Host,
    int Port,
    ImapSecurity Security,
    string User,
    SecretSource Password,
    IReadOnlyList<string> Folders);

namespace PatchSync.Cli.Configuration;

/// <summary>
/// Where a secret (tracker token, IMAP password) comes from: written inline, read from a file, printed by
/// a command, or taken from an environment variable. The secret itself is only read when needed and is
/// never part of a message; <see cref="ToString"/> names the source only.
/// </summary>
public sealed record SecretSource(SecretSourceKind Kind, string Reference)
{
    public override string ToString() => Kind switch
    {
        SecretSourceKind.Inline => "inline value",
        SecretSourceKind.File => $"file {Reference}",
        SecretSourceKind.Command => "command",
        SecretSourceKind.Environment => $"environment variable {Reference}",
        _ => Kind.ToString(),
    };
}

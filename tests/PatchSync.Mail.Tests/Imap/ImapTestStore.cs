using PatchSync.Core.Secrets;
using PatchSync.Mail.Imap;
using PatchSync.Testing.MailStores;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>Builds an <see cref="ImapMailStore"/> pointed at a test <see cref="DovecotServer"/>.</summary>
internal static class ImapTestStore
{
    /// <summary>The test password travels through an environment variable, as a user's would.</summary>
    public const string PasswordVariable = "PWSYNC_TEST_IMAP_PASSWORD";

    static ImapTestStore() => Environment.SetEnvironmentVariable(PasswordVariable, DovecotServer.Password);

    public static ImapMailStore Create(DovecotServer server, Action<ImapStoreOptions>? configure = null, params string[] folders)
    {
        var options = new ImapStoreOptions
        {
            Host = DovecotServer.Host,
            Port = server.Port,
            Security = ImapSecurity.Insecure,
            User = DovecotServer.User,
            Password = new SecretSource(SecretSourceKind.Environment, PasswordVariable),
            Folders = folders.Length == 0 ? ["INBOX"] : folders,
            Timeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return new ImapMailStore(options);
    }

    /// <summary>Keywords of the message with <paramref name="uid"/>, as doveadm (another client) sees them.</summary>
    public static async Task<HashSet<string>> FlagsOfAsync(DovecotServer server, string folder, int uid)
    {
        var output = await server.DoveadmAsync("-f", "flow", "fetch", "-u", DovecotServer.User, "flags", "mailbox", folder, "uid", uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var flags = output.Trim();
        flags = flags.StartsWith("flags=", StringComparison.Ordinal) ? flags["flags=".Length..] : flags;
        return flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(f => f != "\\Recent").ToHashSet(StringComparer.Ordinal);
    }
}

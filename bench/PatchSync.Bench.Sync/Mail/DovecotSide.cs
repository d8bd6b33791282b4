using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;
using PatchSync.Bench.Sync.Running;
using PatchSync.Bench.Sync.Setup;
using PatchSync.Testing;

namespace PatchSync.Bench.Sync.Mail;

/// <summary>
/// A throwaway Dovecot (the project's start-test-dovecot.sh: Maildir, CONDSTORE, no TLS, 127.0.0.1 on a free
/// port) with every mail in INBOX. Seeding writes the Maildir files directly and lets Dovecot build its index
/// (UIDs) once with <c>doveadm mailbox status</c>, as a server that received the mail over time would have;
/// its header cache is left cold, so the first sync pays for Dovecot parsing every Message-ID.
/// "Another client" is MailKit on its own connection.
/// </summary>
public sealed class DovecotSide : IMailSide
{
    private const string User = "maint";
    private const string Password = "secret";
    private const string PasswordVariable = "PWSYNC_BENCH_IMAP_PASSWORD";
    private readonly bool _keep;
    private string? _baseDir;
    private int _port;

    public DovecotSide(bool keep) => _keep = keep;

    public string Description => $"Dovecot {DovecotVersion} (Maildir, CONDSTORE) on 127.0.0.1:{_port}, folder INBOX";

    public string StoreToml => string.Create(CultureInfo.InvariantCulture, $"""
        kind = "imap"
        host = "127.0.0.1"
        port = {_port}
        security = "insecure"
        user = "{User}"
        password_env = "{PasswordVariable}"
        folders = ["INBOX"]
        """);

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { [PasswordVariable] = Password };

    private static string DovecotVersion { get; } = ReadVersion();

    private string Config => Path.Combine(_baseDir!, "dovecot.conf");

    public async Task SeedAsync(IReadOnlyList<SeededPatch> patches, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var home = Path.Combine(_baseDir!, "home", User);
        var maildir = Path.Combine(home, "Maildir");
        MailFiles.WriteMaildir(maildir, patches);
        // The mail files must belong to the user Dovecot runs the mailbox as (nobody when started as root).
        await ExternalCommand.RunAsync("chown", ["-R", "--reference=" + home, maildir], cancellationToken: cancellationToken);
        var status = await ExternalCommand.RunAsync("doveadm", ["-c", Config, "mailbox", "status", "-u", User, "messages", "INBOX"], cancellationToken: cancellationToken);
        if (!status.Contains("messages=" + patches.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Dovecot indexed an unexpected number of mails: {status.Trim()} (expected {patches.Count})");
        }
    }

    public async Task<Dictionary<string, HashSet<string>>> ReadTagsAsync(string prefix, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (_, messageId, keywords) in await FetchAllAsync(cancellationToken))
        {
            result[messageId] = keywords.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        }

        return result;
    }

    public async Task RetagAsync(IReadOnlyList<MailRetag> changes, CancellationToken cancellationToken)
    {
        var uids = (await FetchAllAsync(cancellationToken)).ToDictionary(m => m.MessageId, m => m.Uid, StringComparer.Ordinal);
        using var client = await ConnectAsync(cancellationToken);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        foreach (var group in changes.GroupBy(c => (c.Remove, c.Add)))
        {
            var set = group.Select(c => uids[c.MessageId]).ToList();
            await client.Inbox.StoreAsync(set, new StoreFlagsRequest(StoreAction.Add, [group.Key.Add]) { Silent = true }, cancellationToken);
            await client.Inbox.StoreAsync(set, new StoreFlagsRequest(StoreAction.Remove, [group.Key.Remove]) { Silent = true }, cancellationToken);
        }

        await client.DisconnectAsync(true, cancellationToken);
    }

    public async Task<IMailEditor> OpenEditorAsync(CancellationToken cancellationToken)
    {
        var uids = (await FetchAllAsync(cancellationToken)).ToDictionary(m => m.MessageId, m => m.Uid, StringComparer.Ordinal);
        var client = await ConnectAsync(cancellationToken);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        return new Editor(client, uids);
    }

    public async ValueTask DisposeAsync()
    {
        if (_baseDir is null)
        {
            return;
        }

        string[] args = _keep ? [_baseDir] : [_baseDir, "--purge"];
        await ExternalCommand.TryRunAsync(Script("stop-test-dovecot.sh"), args);
        _baseDir = null;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Short and under /tmp: Dovecot's unix sockets live in it.
            var baseDir = Path.Combine("/tmp", "pwsync-sb-" + Guid.NewGuid().ToString("N")[..8]);
            var port = FreePort.Next();
            var log = Path.Combine(Path.GetTempPath(), $"pwsync-sb-start-{Guid.NewGuid():N}.log");
            var (code, error) = await ExternalCommand.RunDaemonStarterAsync(
                Script("start-test-dovecot.sh"), [baseDir, port.ToString(CultureInfo.InvariantCulture)], log, cancellationToken);
            File.Delete(log);
            if (code == 0)
            {
                (_baseDir, _port) = (baseDir, port);
                return;
            }

            await ExternalCommand.TryRunAsync(Script("stop-test-dovecot.sh"), [baseDir, "--purge"], cancellationToken: CancellationToken.None);
            if (attempt == 3)
            {
                throw new InvalidOperationException("start-test-dovecot.sh failed: " + error.Trim());
            }
        }
    }

    private async Task<List<(UniqueId Uid, string MessageId, IReadOnlySet<string> Keywords)>> FetchAllAsync(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags, [HeaderId.MessageId]);
        var summaries = await client.Inbox.FetchAsync(0, -1, request, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        return summaries
            .Select(s => (s.UniqueId, MimeUtils.ParseMessageId(s.Headers?[HeaderId.MessageId] ?? "") ?? "", (IReadOnlySet<string>)s.Keywords))
            .ToList();
    }

    private async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new ImapClient { Timeout = 300_000 };
        await client.ConnectAsync("127.0.0.1", _port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(User, Password, cancellationToken);
        return client;
    }

    /// <summary>A mail client's connection with INBOX selected: a keyword edit is two UID STOREs.</summary>
    private sealed class Editor(ImapClient client, Dictionary<string, UniqueId> uids) : IMailEditor
    {
        public async Task RetagAsync(MailRetag change, CancellationToken cancellationToken)
        {
            var uid = uids[change.MessageId];
            await client.Inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, [change.Add]) { Silent = true }, cancellationToken);
            await client.Inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Remove, [change.Remove]) { Silent = true }, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await client.DisconnectAsync(true);
            client.Dispose();
        }
    }

    /// <summary>The project's copy of the Dovecot scripts if it has one, else the shared one beside the project root.</summary>
    private static string Script(string name)
    {
        var candidates = new[]
        {
            Path.Combine(SharedFixtures.RepositoryRoot, "scripts", "test-dovecot", name),
            Path.GetFullPath(Path.Combine(SharedFixtures.RepositoryRoot, "..", "shared", "scripts", name)),
        };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{name} not found (looked in {string.Join(" and ", candidates)})");
    }

    private static string ReadVersion()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dovecot", "--version") { RedirectStandardOutput = true });
            var text = process!.StandardOutput.ReadToEnd().Split(' ')[0].Trim();
            process.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(not installed)";
        }
    }
}

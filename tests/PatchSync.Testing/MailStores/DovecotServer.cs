namespace PatchSync.Testing.MailStores;

/// <summary>
/// A throwaway Dovecot IMAP server on a free 127.0.0.1 port, started with the project's own
/// <c>scripts/test-dovecot/start-test-dovecot.sh</c> (users maint/secret and other/secret, no TLS,
/// CONDSTORE and QRESYNC on, Maildir). Mail is seeded with <c>doveadm save</c>; <see cref="DoveadmAsync"/>
/// acts as "another client". Dispose stops it and deletes its directory.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Host = "127.0.0.1";
    public const string User = "maint";
    public const string Password = "secret";
    public const string OtherUser = "other";

    /// <summary>The script's record of the master, then Dovecot's own.</summary>
    private static readonly string[] PidFiles = ["dovecot.pid", "run/master.pid"];

    private DovecotServer(string baseDir, int port)
    {
        BaseDir = baseDir;
        Port = port;
    }

    /// <summary>Config, runtime, logs and mail live here (short, under /tmp: unix sockets live in it).</summary>
    public string BaseDir { get; }

    public int Port { get; }

    /// <summary>The Maildir of <paramref name="user"/>.</summary>
    public string MaildirOf(string user = User) => Path.Combine(BaseDir, "home", user, "Maildir");

    private string Config => Path.Combine(BaseDir, "dovecot.conf");

    private static string ScriptsDir => Path.Combine(SharedFixtures.RepositoryRoot, "scripts", "test-dovecot");

    /// <summary>
    /// The start script with its stdout (the DOVECOT_TEST_* lines, not needed: we chose base and port)
    /// sent to /dev/null; stderr stays, so a failure still explains itself in the test output.
    /// </summary>
    private static string[] StartScript => ["-c", "exec \"$0\" \"$@\" >/dev/null", Path.Combine(ScriptsDir, "start-test-dovecot.sh")];


    /// <summary>Starts a new server; retries on another port if the chosen one was taken meanwhile.</summary>
    public static async Task<DovecotServer> StartAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var baseDir = Path.Combine("/tmp", "pwsync-dc-" + Guid.NewGuid().ToString("N")[..10]);
            var port = FreePort.Next();
            // The Dovecot master inherits the script's stdout/stderr and keeps them open: don't capture them.
            var (code, _, _) = await ExternalCommand.TryRunAsync(
                "/bin/sh", [.. StartScript, baseDir, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, false, cancellationToken);
            if (code == 0)
            {
                return new DovecotServer(baseDir, port);
            }

            var log = Path.Combine(baseDir, "dovecot.log");
            var tail = File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(3)) : "no log";
            await ExternalCommand.TryRunAsync(Path.Combine(ScriptsDir, "stop-test-dovecot.sh"), [baseDir, "--purge"], null, true, CancellationToken.None);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"start-test-dovecot.sh failed (exit {code}): {tail}");
            }
        }
    }

    /// <summary>Runs <c>doveadm -c CONFIG args...</c> and returns its stdout.</summary>
    public Task<string> DoveadmAsync(params string[] args) =>
        ExternalCommand.RunAsync("doveadm", ["-c", Config, .. args]);

    /// <summary>Delivers one message into <paramref name="folder"/> (created if missing).</summary>
    public async Task SaveAsync(string folder, string message, string user = User)
    {
        if (!string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            await EnsureFolderAsync(folder, user);
        }

        await ExternalCommand.RunAsync("doveadm", ["-c", Config, "save", "-u", user, "-m", folder], message);
    }

    public async Task EnsureFolderAsync(string folder, string user = User)
    {
        var (code, _, stderr) = await ExternalCommand.TryRunAsync("doveadm", ["-c", Config, "mailbox", "create", "-u", user, folder]);
        if (code != 0 && !stderr.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("doveadm mailbox create failed: " + stderr.Trim());
        }
    }

    /// <summary>Another client adds or removes keywords: <paramref name="action"/> is <c>add</c>, <c>remove</c> or <c>replace</c>.</summary>
    public Task FlagsAsync(string action, string folder, string searchQuery, params string[] flags) =>
        DoveadmAsync(["flags", action, "-u", User, string.Join(' ', flags), "mailbox", folder, .. searchQuery.Split(' ')]);

    /// <summary>Another client expunges the messages matching <paramref name="searchQuery"/> (e.g. <c>uid 3</c>).</summary>
    public Task ExpungeAsync(string folder, string searchQuery) =>
        DoveadmAsync(["expunge", "-u", User, "mailbox", folder, .. searchQuery.Split(' ')]);

    /// <summary>Deletes a folder with its mail (recreating it gives a new UIDVALIDITY).</summary>
    public Task DeleteFolderAsync(string folder) => DoveadmAsync("mailbox", "delete", "-u", User, folder);

    /// <summary>Keywords of every message of a folder, one line per message: <c>uid flags</c>.</summary>
    public Task<string> FetchFlagsAsync(string folder) =>
        DoveadmAsync("-f", "flow", "fetch", "-u", User, "uid flags", "mailbox", folder, "all");

    /// <summary>Stops the server (SIGTERM to the master), keeping the mail.</summary>
    public Task StopAsync() => ExternalCommand.RunAsync(Path.Combine(ScriptsDir, "stop-test-dovecot.sh"), [BaseDir]);

    /// <summary>
    /// Kills the server hard (SIGKILL to the master and all its children, found through /proc), so open
    /// IMAP sessions die mid-conversation as in a crash. <see cref="RestartAsync"/> brings it back.
    /// </summary>
    public void Kill()
    {
        var master = PidFiles
            .Select(f => Path.Combine(BaseDir, f))
            .Where(File.Exists)
            .Select(f => int.TryParse(File.ReadAllText(f).Trim(), out var pid) ? pid : 0)
            .FirstOrDefault(IsOurMaster);
        if (master == 0)
        {
            return;
        }

        var pids = new List<int> { master };
        for (var i = 0; i < pids.Count; i++)
        {
            var children = $"/proc/{pids[i]}/task/{pids[i]}/children";
            if (File.Exists(children))
            {
                pids.AddRange(File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
        }

        foreach (var pid in pids)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    /// <summary>Whether <paramref name="pid"/> is alive and is the master started with this server's config (not a reused pid).</summary>
    private bool IsOurMaster(int pid)
    {
        var cmdline = $"/proc/{pid}/cmdline";
        return pid > 0 && File.Exists(cmdline) &&
            File.ReadAllText(cmdline).Replace('\0', ' ').Contains($"dovecot -c {Config} ", StringComparison.Ordinal);
    }

    /// <summary>Starts the stopped server again on the same port with the same mail.</summary>
    public async Task RestartAsync()
    {
        var (code, _, _) = await ExternalCommand.TryRunAsync(
            "/bin/sh", [.. StartScript, BaseDir, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, false, CancellationToken.None);
        if (code != 0)
        {
            throw new InvalidOperationException($"restarting Dovecot failed (exit {code})");
        }
    }

    /// <summary>Stops the server (politely, then by SIGKILL to what is left) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await ExternalCommand.TryRunAsync(Path.Combine(ScriptsDir, "stop-test-dovecot.sh"), [BaseDir]);
        Kill(); // whatever survived the stop (seen once on a loaded machine) must not outlive the test
        await ExternalCommand.TryRunAsync(Path.Combine(ScriptsDir, "stop-test-dovecot.sh"), [BaseDir, "--purge"]);
    }
}

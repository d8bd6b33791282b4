using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>
/// A minimal IMAP server on a free loopback port for what Dovecot cannot be made to do: a folder whose
/// PERMANENTFLAGS lack <c>\*</c>. It holds one message in INBOX and answers just the commands the store
/// sends (LOGIN, LIST, EXAMINE/SELECT, UID SEARCH, UID FETCH); anything else gets a plain OK.
/// </summary>
internal sealed class FakeImapServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeImapServer(string permanentFlags)
    {
        PermanentFlags = permanentFlags;
        _listener.Start();
        _loop = ServeAsync(_stop.Token);
    }

    public string PermanentFlags { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private readonly List<string> _commands = [];

    /// <summary>A copy of every command line received so far, for assertions.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("* OK [CAPABILITY IMAP4rev1 CONDSTORE] fake ready");
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lock (_commands)
                {
                    _commands.Add(line);
                }

                var parts = line.Split(' ', 3);
                var tag = parts[0];
                var command = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
                var rest = parts.Length > 2 ? parts[2] : string.Empty;
                if (command == "UID")
                {
                    command = "UID " + rest.Split(' ')[0].ToUpperInvariant();
                }

                switch (command)
                {
                    case "LOGOUT":
                        await writer.WriteLineAsync("* BYE bye");
                        await writer.WriteLineAsync($"{tag} OK done");
                        return;
                    case "LIST":
                        await writer.WriteLineAsync(rest.Contains("INBOX", StringComparison.OrdinalIgnoreCase) ? "* LIST () \"/\" INBOX" : "* LIST (\\Noselect) \"/\" \"\"");
                        break;
                    case "EXAMINE" or "SELECT":
                        await writer.WriteLineAsync("* FLAGS (\\Seen \\Deleted)");
                        await writer.WriteLineAsync($"* OK [PERMANENTFLAGS ({PermanentFlags})] ok");
                        await writer.WriteLineAsync("* 1 EXISTS");
                        await writer.WriteLineAsync("* 0 RECENT");
                        await writer.WriteLineAsync("* OK [UIDVALIDITY 7] ok");
                        await writer.WriteLineAsync("* OK [UIDNEXT 2] ok");
                        await writer.WriteLineAsync("* OK [HIGHESTMODSEQ 5] ok");
                        await writer.WriteLineAsync($"{tag} OK [{(command == "SELECT" ? "READ-WRITE" : "READ-ONLY")}] done");
                        continue;
                    case "UID SEARCH":
                        await writer.WriteLineAsync("* SEARCH 1");
                        break;
                    case "UID FETCH":
                        const string header = "Message-ID: <fake@example.invalid>\r\n\r\n";
                        await writer.WriteLineAsync($"* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (5) BODY[HEADER.FIELDS (MESSAGE-ID)] {{{header.Length}}}");
                        await writer.WriteAsync(header + ")\r\n");
                        break;
                    case "UID STORE":
                        await writer.WriteLineAsync($"{tag} NO store not expected in this test");
                        continue;
                }

                await writer.WriteLineAsync($"{tag} OK done");
            }
        }
    }
}

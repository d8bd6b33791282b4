using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatchSync.Core.Diagnostics;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>
/// pwsync tags as IMAP keywords (or Gmail labels), through MailKit. One connection, used by one caller
/// at a time. Reads index whole folders in large UID batches the first time and then only what CONDSTORE
/// says changed; writes are UID STORE +FLAGS/-FLAGS over UID sets, conditional on the modseq last read.
/// See docs/mail-stores.md.
/// </summary>
public sealed partial class ImapMailStore : PatchSync.Core.Ports.IMailStore
{
    private readonly ImapStoreOptions _options;
    private readonly OwnedTags _owned;
    private readonly ILogger _logger;
    private ImapClient? _client;

    /// <summary>The state of the last successful read: what writes address and judge conflicts against.</summary>
    private Dictionary<string, FolderState>? _lastRead;

    /// <summary>Message-ID -> copies over <see cref="_lastRead"/>: built by a full read; null after a delta read (each apply then finds its own ids' copies).</summary>
    private CopyIndex? _index;

    /// <summary>The few distinct owned-keyword arrays every copy state shares.</summary>
    private readonly TagSetInterner _tagArrays = new();

    /// <summary>(tags, add, remove) -> tags after the write, all shared arrays compared by reference.</summary>
    private readonly Dictionary<(string[] Tags, string[] Add, string[] Remove), string[]> _afterWrite = new(TripleReferenceComparer.Instance);

    /// <summary>Per folder and UID, the modseq our own writes left, so a later write does not see itself as a conflict.</summary>
    private readonly Dictionary<string, Dictionary<uint, ulong>> _ownModSeqs = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether this store can still vouch for a checkpoint past its own writes: true after a read, false from
    /// the first apply it cannot verify until the next read (see <see cref="ApplyResult.Checkpoint"/>).
    /// </summary>
    private bool _vouchable;

    /// <summary>
    /// The checkpoint made after the last verified write (null before any). The read's own checkpoint is not
    /// kept here: at 100k messages it is ~10 MB the caller already holds.
    /// </summary>
    private MailCheckpoint? _vouched;

    /// <summary>Per written folder, the modseq up to which every change is proven to be the read's state or our own write.</summary>
    private readonly Dictionary<string, ulong> _verifiedModSeqs = new(StringComparer.Ordinal);

    /// <summary>A store for the server and folders in <paramref name="options"/>; validates them, connects on first use.</summary>
    public ImapMailStore(ImapStoreOptions options, ILogger<ImapMailStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        _owned = new OwnedTags(options.TagPrefix);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Name = $"imap://{options.User}@{options.Host}:{options.EffectivePort}";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public PhaseTimings Timings { get; } = new();

    /// <summary>Keywords or Gmail labels; known after the first connect.</summary>
    public ImapKeywordMode Mode { get; private set; } = ImapKeywordMode.Keywords;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException or OperationCanceledException or SocketException)
        {
            // The server is gone already; nothing left to say goodbye to.
        }

        _client.Dispose();
        _client = null;
    }

    /// <summary>The checkpoint to hand back now: the last verified one, or, before any write, the read's state.</summary>
    private MailCheckpoint? CurrentCheckpoint()
    {
        if (!_vouchable || _lastRead is null)
        {
            return null;
        }

        // Made only when read: the engine applies in chunks and saves only the last apply's checkpoint, so
        // building ~10 MB of text after every apply would be garbage.
        var folders = _lastRead;
        var modSeqs = new Dictionary<string, ulong>(_verifiedModSeqs, StringComparer.Ordinal);
        return _vouched ??= new MailCheckpoint(ImapCheckpoint.Kind, () =>
        {
            using var _ = Timings.Measure("imap.checkpoint");
            return ImapCheckpoint.Create(folders, modSeqs).Value;
        });
    }

    private static void Validate(ImapStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            throw new ArgumentException("imap: host is not set", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.User))
        {
            throw new ArgumentException("imap: user is not set", nameof(options));
        }

        if (options.Password is null)
        {
            throw new ArgumentException("imap: no password source (password_command, password_file or password_env)", nameof(options));
        }

        if (options.Folders.Count == 0)
        {
            throw new ArgumentException("imap: no folders configured", nameof(options));
        }

        if (options.FetchBatchSize < 1 || options.StoreBatchSize < 1)
        {
            throw new ArgumentException("imap: batch sizes must be at least 1", nameof(options));
        }

        if (options.Security == ImapSecurity.Insecure && !IsLoopback(options.Host))
        {
            throw new ArgumentException($"imap: security 'insecure' is only allowed for a loopback host, not {options.Host}", nameof(options));
        }
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Connects and logs in unless already connected.</summary>
    private async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true, IsAuthenticated: true })
        {
            return _client;
        }

        _client?.Dispose();
        _client = null;
        using var _ = Timings.Measure("imap.connect");
        var client = await NewClientAsync(cancellationToken);
        Timings.Count("imap.roundtrips", 3);
        Mode = KeywordRules.ChooseMode(client.Capabilities, _options.UseGmailLabels);
        _client = client;
        return client;
    }

    /// <summary>A new connection, logged in (the store's own, or one of the watcher's).</summary>
    private async Task<ImapClient> NewClientAsync(CancellationToken cancellationToken)
    {
        var password = await _options.Password!.ReadAsync("password", cancellationToken);
        var client = new ImapClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            var socketOptions = _options.Security switch
            {
                ImapSecurity.Tls => SecureSocketOptions.SslOnConnect,
                ImapSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(_options.Host, _options.EffectivePort, socketOptions, cancellationToken);
            await client.AuthenticateAsync(_options.User, password, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Whether the server does CONDSTORE (and we are allowed to use it).</summary>
    private bool HasCondStore(ImapClient client) =>
        !_options.IgnoreCondStore && client.Capabilities.HasFlag(ImapCapabilities.CondStore);

    /// <summary>
    /// Runs one read or write, turning what MailKit and the network throw into a one-line
    /// <see cref="MailStoreException"/> naming the server (never the password). On a lost connection the
    /// client is dropped, so the next call reconnects.
    /// </summary>
    private async Task<T> GuardAsync<T>(string what, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action(cancellationToken);
        }
        catch (AuthenticationException e)
        {
            Drop();
            throw new MailStoreException($"{Name}: login failed: {e.Message}", e);
        }
        catch (SslHandshakeException e)
        {
            Drop();
            throw new MailStoreException($"{Name}: TLS handshake failed (certificate not trusted or server speaks no TLS on this port)", e);
        }
        catch (SocketException e)
        {
            Drop();
            throw new MailStoreException($"{Name}: cannot connect: {e.Message}", e);
        }
        catch (FolderNotFoundException e)
        {
            throw new MailStoreException($"{Name}: folder '{e.FolderName}' does not exist", e);
        }
        catch (ImapCommandException e)
        {
            throw new MailStoreException($"{Name}: {what} refused by the server: {e.Response} {e.ResponseText}".TrimEnd(), e);
        }
        catch (Exception e) when (e is IOException or TimeoutException or ImapProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException)
        {
            Drop();
            throw new MailStoreException($"{Name}: connection lost during {what}: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Drop();
            throw new MailStoreException($"{Name}: {what} timed out after {_options.Timeout.TotalSeconds:F0} s");
        }
    }

    private void Drop()
    {
        _client?.Dispose();
        _client = null;
    }
}

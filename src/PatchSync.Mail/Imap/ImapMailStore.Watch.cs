using System.Net.Sockets;
using System.Runtime.CompilerServices;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using PatchSync.Core.Ports;

namespace PatchSync.Mail.Imap;

public sealed partial class ImapMailStore : IMailWatcher
{
    /// <inheritdoc/>
    /// <remarks>
    /// One connection per configured folder (patterns are resolved once, when watching starts), each with the
    /// folder EXAMINEd (read-only: no <c>\Recent</c> is taken, nothing can be written) and in IDLE, re-issued
    /// every <see cref="MailWatchOptions.IdleRestart"/>. Untagged FETCH (with MODSEQ: CONDSTORE is enabled by
    /// the EXAMINE), EXISTS and EXPUNGE responses become changes; a server without IDLE is asked with NOOP every
    /// <see cref="MailWatchOptions.ImapPollInterval"/>. These connections are not the store's own, so watching
    /// and syncing may run at the same time.
    /// </remarks>
    public async IAsyncEnumerable<MailChange> WatchAsync(MailWatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folders = await ResolveWatchedFoldersAsync(options, cancellationToken);
        var collector = new ImapChangeCollector();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loops = folders.Select(folder => Task.Run(() => WatchFolderAsync(folder, collector, options, stop.Token), CancellationToken.None)).ToList();
        _logger.LogDebug("{Store}: watching {Folders}", Name, string.Join(", ", folders));
        try
        {
            while (true)
            {
                foreach (var change in await collector.TakeAsync(cancellationToken))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops); // each loop ends on cancellation without throwing
        }
    }

    /// <inheritdoc/>
    public MailCoverage CoverageOf(MailCheckpoint? checkpoint) =>
        ImapCheckpoint.TryReadCoverage(checkpoint) ?? MailCoverage.None;

    /// <summary>The folders to watch: exact names and what the patterns match now; retried with backoff until the server answers.</summary>
    private async Task<List<string>> ResolveWatchedFoldersAsync(MailWatchOptions options, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            ImapClient? client = null;
            try
            {
                client = await NewClientAsync(cancellationToken);
                var folders = await ResolveFoldersAsync(client, cancellationToken);
                return folders.Select(f => f.FullName).ToList();
            }
            catch (Exception e) when (IsConnectionTrouble(e, cancellationToken))
            {
                var delay = options.BackoffAfter(failures);
                LogTrouble(failures, $"cannot list the folders to watch: {e.Message}", delay);
                await Task.Delay(delay, options.Time, cancellationToken);
            }
            finally
            {
                client?.Dispose();
            }
        }
    }

    /// <summary>One folder's connection: connect, EXAMINE, IDLE (or NOOP polls) until cancelled; reconnects with backoff.</summary>
    private async Task WatchFolderAsync(string name, ImapChangeCollector collector, MailWatchOptions options, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            ImapClient? client = null;
            IMailFolder? folder = null;
            EventHandler<MessageFlagsChangedEventArgs>? flags = null;
            EventHandler<ModSeqChangedEventArgs>? modSeq = null;
            EventHandler<EventArgs>? count = null;
            EventHandler<MessageEventArgs>? expunged = null;
            EventHandler<MessagesVanishedEventArgs>? vanished = null;
            try
            {
                client = await NewClientAsync(cancellationToken);
                folder = string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase)
                    ? client.Inbox
                    : await client.GetFolderAsync(name, cancellationToken);
                await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                var watched = folder;
                flags = (_, e) => collector.Moved(name, watched.UidValidity, e.ModSeq, "FETCH");
                modSeq = (_, e) => collector.Moved(name, watched.UidValidity, e.ModSeq, "FETCH");
                count = (_, _) => collector.Restructured(name, watched.UidValidity, "EXISTS");
                expunged = (_, _) => collector.Restructured(name, watched.UidValidity, "EXPUNGE");
                vanished = (_, _) => collector.Restructured(name, watched.UidValidity, "VANISHED");
                folder.MessageFlagsChanged += flags;
                folder.ModSeqChanged += modSeq;
                folder.CountChanged += count;
                folder.MessageExpunged += expunged;
                folder.MessagesVanished += vanished;
                if (failures > 0)
                {
                    _logger.LogInformation("{Store}: watching folder '{Folder}' again", Name, name);
                }

                failures = 0;
                // Whatever happened while nobody listened: the folder's position now. A checkpoint at least as
                // far covers it, so a reconnect after a quiet outage costs no sync.
                collector.Moved(name, folder.UidValidity, HasCondStore(client) ? folder.HighestModSeq : null, "connected");
                var idle = client.Capabilities.HasFlag(ImapCapabilities.Idle) && !_options.IgnoreIdle;
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (idle)
                    {
                        using var done = new CancellationTokenSource(options.IdleRestart, options.Time);
                        await client.IdleAsync(done.Token, cancellationToken);
                    }
                    else
                    {
                        await Task.Delay(options.ImapPollInterval, options.Time, cancellationToken);
                        await client.NoOpAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsConnectionTrouble(e, cancellationToken))
            {
                failures++;
                var delay = options.BackoffAfter(failures);
                LogTrouble(failures, $"watching folder '{name}': {e.Message}", delay);
                try
                {
                    await Task.Delay(delay, options.Time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                if (folder is not null)
                {
                    folder.MessageFlagsChanged -= flags;
                    folder.ModSeqChanged -= modSeq;
                    folder.CountChanged -= count;
                    folder.MessageExpunged -= expunged;
                    folder.MessagesVanished -= vanished;
                }

                // No LOGOUT: the watcher only listens, and a dead server would make a polite goodbye wait.
                client?.Dispose();
            }
        }
    }

    /// <summary>What a watcher survives by reconnecting: the network, the server, a refused login or folder (it may come back).</summary>
    private static bool IsConnectionTrouble(Exception e, CancellationToken cancellationToken) =>
        e is IOException or SocketException or TimeoutException or ImapProtocolException or ImapCommandException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or AuthenticationException
            or SslHandshakeException or FolderNotFoundException or MailStoreException
            or InvalidOperationException // the password source failed (a command, a file): it may work next time
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The first failure in a row is a warning; the retries after it are debug lines, so an outage does not flood the journal.</summary>
    private void LogTrouble(int failures, string message, TimeSpan delay)
    {
        var level = failures == 1 ? LogLevel.Warning : LogLevel.Debug;
        _logger.Log(level, "{Store}: {Message}; retrying in {Delay:0.#} s", Name, message, delay.TotalSeconds);
    }
}

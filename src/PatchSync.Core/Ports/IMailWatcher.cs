namespace PatchSync.Core.Ports;

/// <summary>
/// A mail store that can tell, soon after the fact, that something in it may have changed (IMAP IDLE pushes,
/// a moved notmuch lastmod revision), so a daemon can sync within seconds instead of at its next interval.
/// A signal says "read me again", never what changed: the sync's delta read finds that out.
/// </summary>
public interface IMailWatcher
{
    /// <summary>The store's name, as <see cref="IMailStore.Name"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Signals until cancelled. Connection failures are retried inside with backoff (logged, never thrown);
    /// after every (re)connect one signal carries the store's current position, so a change made while
    /// nobody listened is not lost. Bursts are coalesced: one signal per folder per wake-up, not per message.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    IAsyncEnumerable<MailChange> WatchAsync(MailWatchOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// What a saved checkpoint covers, in the terms <see cref="MailChange"/> uses. A change it covers was read
    /// by the sync that saved the checkpoint (or was that sync's own write), so it needs no new sync: this is
    /// what keeps pwsync's own retags from triggering sync after sync.
    /// </summary>
    MailCoverage CoverageOf(MailCheckpoint? checkpoint);
}

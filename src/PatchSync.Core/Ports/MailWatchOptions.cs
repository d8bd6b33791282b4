namespace PatchSync.Core.Ports;

/// <summary>Timing of <see cref="IMailWatcher.WatchAsync"/>.</summary>
public sealed class MailWatchOptions
{
    /// <summary>The clock every wait uses (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// notmuch: how often the database's revision file (Xapian's <c>iamglass</c>, rewritten by every commit) is
    /// looked at; <c>notmuch count --lastmod</c> runs only when it changed. A stat call: cheap enough to be
    /// frequent. Default 250 ms.
    /// </summary>
    public TimeSpan DatabaseFilePollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// notmuch: how often <c>notmuch count --lastmod</c> runs when the revision file cannot be found (one short
    /// process). Default 1 s.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>notmuch: <c>count --lastmod</c> runs at least this often even when the revision file did not change. Default 1 minute.</summary>
    public TimeSpan ForcedPollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>IMAP without IDLE: how often a NOOP asks the server for news. Default 10 s.</summary>
    public TimeSpan ImapPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// IMAP: IDLE is ended and issued again after this long, since servers may drop a client idle for
    /// 30 minutes (RFC 2177 advises re-issuing at least every 29). Default 9 minutes.
    /// </summary>
    public TimeSpan IdleRestart { get; init; } = TimeSpan.FromMinutes(9);

    /// <summary>The first wait after a lost connection or failed poll; doubled per failure in a row.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before attempt <paramref name="failures"/> + 1: <see cref="ReconnectDelay"/> doubled per failure, at most <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(ReconnectDelay.Ticks * factor, MaxReconnectDelay.Ticks));
        return delay < ReconnectDelay ? ReconnectDelay : delay;
    }
}

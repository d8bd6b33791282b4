using PatchSync.Cli.Running;

namespace PatchSync.Cli.Daemon;

/// <summary>Settings of <c>pwsync daemon</c>.</summary>
/// <param name="Interval">Time between the end of one run and the start of the next (with <see cref="Watch"/>: between tracker polls).</param>
/// <param name="Sync">The sync options every iteration uses.</param>
/// <param name="Console">Where results go.</param>
internal sealed record DaemonOptions(TimeSpan Interval, SyncOptions Sync, CliConsole Console)
{
    /// <summary>The interval without <c>--interval</c>: 10 minutes, or 1 minute with <c>--watch</c> (the tracker is polled).</summary>
    public static TimeSpan DefaultInterval(bool watch) => watch ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(10);

    /// <summary><c>--watch</c>: sync a project within seconds of a change in its mail store (IMAP IDLE, notmuch lastmod).</summary>
    public bool Watch { get; init; }

    /// <summary>
    /// With <see cref="Watch"/>: quiet time after a mail change before syncing, so a burst of edits is one run.
    /// Half a second: the signals come batched already (Dovecot delays IDLE notifications by 0.5 s, notmuch is
    /// looked at every 0.25 s), and a mail client's burst of STOREs is over well within it; 1 s put a 100k
    /// IMAP edit at 2.4 s to the tracker.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(500);
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PatchSync.Core.Ports;

namespace PatchSync.Mail.Notmuch;

public sealed partial class NotmuchMailStore : IMailWatcher
{
    /// <inheritdoc/>
    /// <remarks>
    /// notmuch has no push. Every commit to its Xapian database rewrites the revision file <c>iamglass</c>, so
    /// that file's time and size are looked at every <see cref="MailWatchOptions.DatabaseFilePollInterval"/>
    /// (a stat call), and <c>notmuch count --lastmod '*'</c> (one short process) runs only when they moved, or
    /// every <see cref="MailWatchOptions.ForcedPollInterval"/> regardless. Without that file (another backend,
    /// a layout not recognised) the count runs every <see cref="MailWatchOptions.PollInterval"/>. A change is
    /// signalled when database UUID, revision or message count moved since the last count. pwsync's own retags
    /// move the revision too: the caller compares the change with the checkpoint its last sync saved
    /// (<see cref="CoverageOf"/>), which already covers them.
    /// </remarks>
    public async IAsyncEnumerable<MailChange> WatchAsync(MailWatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var marker = await FindRevisionFileAsync(cancellationToken);
        _logger.LogDebug("{Store}: watching {What}", Name, marker is null ? "with notmuch count every poll" : marker);
        NotmuchCheckpoint? last = null;
        (DateTime, long)? lastStamp = null;
        var lastCount = options.Time.GetTimestamp();
        var failures = 0;
        while (true)
        {
            if (marker is not null && failures == 0 && last is not null)
            {
                var stamp = Stamp(marker);
                if (stamp == lastStamp && options.Time.GetElapsedTime(lastCount) < options.ForcedPollInterval)
                {
                    await Task.Delay(options.DatabaseFilePollInterval, options.Time, cancellationToken);
                    continue;
                }

                lastStamp = stamp;
            }
            else if (marker is not null)
            {
                lastStamp = Stamp(marker); // taken before the count: a commit after it shows in the next stamp
            }

            NotmuchCheckpoint? now = null;
            try
            {
                lastCount = options.Time.GetTimestamp();
                now = await CurrentRevisionAsync(cancellationToken);
                if (failures > 0)
                {
                    _logger.LogInformation("{Store}: readable again", Name);
                }

                failures = 0;
            }
            catch (MailStoreException e)
            {
                failures++;
                var level = failures == 1 ? LogLevel.Warning : LogLevel.Debug;
                _logger.Log(level, "{Message}; retrying in {Delay:0.#} s", e.Message, options.BackoffAfter(failures).TotalSeconds);
            }

            if (now is not null && now != last)
            {
                var reason = last is null ? "connected" : "lastmod";
                last = now;
                yield return new MailChange(reason)
                {
                    Generation = now.Uuid,
                    Position = now.Revision,
                    Count = now.Count,
                };
            }

            var wait = failures > 0 ? options.BackoffAfter(failures) : marker is null ? options.PollInterval : options.DatabaseFilePollInterval;
            await Task.Delay(wait, options.Time, cancellationToken);
        }
    }

    /// <inheritdoc/>
    public MailCoverage CoverageOf(MailCheckpoint? checkpoint) =>
        NotmuchCheckpoint.TryParse(checkpoint) is { } saved
            ? new MailCoverage(new Dictionary<string, (string, ulong, long?)> { [string.Empty] = (saved.Uuid, saved.Revision, saved.Count < 0 ? null : saved.Count) })
            : MailCoverage.None;

    /// <summary>
    /// Xapian's revision file of the database (<c>DATABASE/.notmuch/xapian/iamglass</c>, or <c>xapian/iamglass</c>
    /// right under a split layout's database path); null when not found, and the watcher then polls with count.
    /// </summary>
    private async Task<string?> FindRevisionFileAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunAsync(["config", "get", "database.path"], cancellationToken, 1);
            var path = result.Stdout.Trim();
            if (path.Length == 0)
            {
                return null;
            }

            return new[] { Path.Combine(path, ".notmuch", "xapian", "iamglass"), Path.Combine(path, "xapian", "iamglass") }.FirstOrDefault(File.Exists);
        }
        catch (MailStoreException)
        {
            return null;
        }
    }

    /// <summary>The revision file's last write time and size; null while it is missing (mid-rename, database removed).</summary>
    private static (DateTime, long)? Stamp(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PatchSync.Mail.Abstractions;

namespace PatchSync.Mail.Notmuch;

public sealed partial class NotmuchMailStore : IMailWatcher
{
    /// <inheritdoc/>
    /// <remarks>
    /// notmuch has no push: <c>notmuch count --lastmod '*'</c> (one short process, a few milliseconds) runs every
    /// <see cref="MailWatchOptions.PollInterval"/>, and a change is signalled when database UUID, revision or
    /// message count moved since the last poll. pwsync's own retags move the revision too: the caller compares
    /// the change with the checkpoint its last sync saved (<see cref="CoverageOf"/>), which already covers them.
    /// </remarks>
    public async IAsyncEnumerable<MailChange> WatchAsync(MailWatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        NotmuchCheckpoint? last = null;
        var failures = 0;
        while (true)
        {
            NotmuchCheckpoint? now = null;
            try
            {
                now = await CurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
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

            await Task.Delay(failures == 0 ? options.PollInterval : options.BackoffAfter(failures), options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public MailCoverage CoverageOf(MailCheckpoint? checkpoint) =>
        NotmuchCheckpoint.TryParse(checkpoint) is { } saved
            ? new MailCoverage(new Dictionary<string, (string, ulong, long?)> { [string.Empty] = (saved.Uuid, saved.Revision, saved.Count < 0 ? null : saved.Count) })
            : MailCoverage.None;
}

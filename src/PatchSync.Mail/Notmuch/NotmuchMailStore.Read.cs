using Microsoft.Extensions.Logging;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Notmuch;

public sealed partial class NotmuchMailStore
{
    /// <inheritdoc/>
    public async Task<MailSnapshot> ReadAsync(MailCheckpoint? since, CancellationToken cancellationToken = default)
    {
        StaleBatchFiles.CleanUpOnce();
        await _lock.WaitAsync(cancellationToken);
        try
        {
            // The revision is taken before the dump: a change made while dumping has a later lastmod and
            // is read again next time (reads are idempotent), never missed.
            NotmuchCheckpoint now;
            using (Timings.Measure("notmuch.connect"))
            {
                now = await CurrentRevisionAsync(cancellationToken);
            }

            var previous = NotmuchCheckpoint.TryParse(since);
            var warnings = new List<string>();
            var delta = previous is not null && previous.Uuid == now.Uuid && previous.Revision <= now.Revision;

            // lastmod queries cannot name a removed message; fewer messages than the checkpoint had
            // means some were removed, and only a full read tells which.
            if (delta && previous!.Count >= 0 && now.Count < previous.Count)
            {
                warnings.Add($"{Name}: {previous.Count - now.Count} message(s) fewer than at the last read: reading everything");
                delta = false;
            }

            if (previous is not null && previous.Uuid != now.Uuid)
            {
                warnings.Add($"{Name}: database UUID changed ({previous.Uuid} -> {now.Uuid}, rebuilt?): reading everything");
            }

            Dictionary<string, MailMessage> messages;
            if (delta && previous!.Revision == now.Revision)
            {
                messages = [];
            }
            else if (delta)
            {
                var dumped = await DumpAsync($"lastmod:{previous!.Revision + 1}..{now.Revision}", now.Uuid, cancellationToken);
                if (dumped is null)
                {
                    // The UUID changed between our count and the dump: the database was just rebuilt.
                    warnings.Add($"{Name}: database UUID changed during the read: reading everything");
                    now = await CurrentRevisionAsync(cancellationToken);
                    delta = false;
                    messages = (await DumpAsync(null, null, cancellationToken))!;
                }
                else
                {
                    messages = dumped;
                }
            }
            else
            {
                messages = (await DumpAsync(null, null, cancellationToken))!;
            }

            Timings.Count("notmuch.messages", messages.Count);
            foreach (var warning in warnings)
            {
                // The snapshot carries the warning to the report, which prints it once; logged for -v only.
                _logger.LogDebug("{Warning}", warning);
            }

            _lastRead = now;
            _vouched = now;
            _known = new Dictionary<string, IReadOnlySet<string>>(messages.Count, StringComparer.Ordinal);
            _sets = new TagSetInterner();
            foreach (var (id, message) in messages)
            {
                _known[id] = message.Tags;
            }
            return new MailSnapshot(!delta, messages, new HashSet<string>(StringComparer.Ordinal), now.ToMailCheckpoint(), warnings);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// <c>notmuch dump --include=tags</c> of <paramref name="query"/> (null: every message): one process for
    /// any number of messages; messages without tags are listed too. Null when <paramref name="uuid"/> no
    /// longer matches the database.
    /// </summary>
    private async Task<Dictionary<string, MailMessage>?> DumpAsync(string? query, string? uuid, CancellationToken cancellationToken)
    {
        var args = new List<string> { "dump", "--format=batch-tag", "--include=tags" };
        if (uuid is not null)
        {
            args.Add("--uuid=" + uuid);
        }

        if (query is not null)
        {
            args.Add("--");
            args.Add(query);
        }

        // Parsed line by line as notmuch prints it: a 100k-message dump is never held as one string.
        using var _ = Timings.Measure("notmuch.index");
        var messages = new Dictionary<string, MailMessage>(StringComparer.Ordinal);
        var sets = new TagSetInterner();
        var result = await RunAsync(args, OnLine, cancellationToken, 1);
        if (result.ExitCode == 1)
        {
            if (uuid is not null && result.Stderr.Contains("does not match", StringComparison.Ordinal))
            {
                return null;
            }

            throw new MailStoreException($"{Name}: notmuch dump failed: {result.FirstErrorLine}");
        }

        return messages;

        void OnLine(string line)
        {
            if (NotmuchBatchFormat.TryParseLine(line, out var id, out var tags))
            {
                messages[id] = new MailMessage(id, sets.Intern(tags.Where(_owned.IsOwned)), new NotmuchCopies(id), false);
            }
        }
    }
}

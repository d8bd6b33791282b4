using System.Text;
using Microsoft.Extensions.Logging;
using PatchSync.Mail.Abstractions;
using PatchSync.Mail.Tags;

namespace PatchSync.Mail.Notmuch;

public sealed partial class NotmuchMailStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Before writing, one <c>notmuch dump -- lastmod:REV+1..</c> (REV: the last read's revision) lists every
    /// message changed since that read: a named message among them was changed by someone else and is a
    /// conflict, left alone. Near free when nothing changed, one process whatever the number of ids. Ids the
    /// last read saw are known to exist; only the others are looked up (<c>id:"a" or id:"b" ...</c>,
    /// chunked). The rest is written by one <c>notmuch tag --batch --input=FILE</c>. Afterwards the conflict
    /// baseline moves to the revision after the write, so a second apply in the same run does not take its
    /// own earlier writes for conflicts.
    /// </remarks>
    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<TagChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _owned.EnsureOwned(changes);
        var merged = MergedChange.Merge(changes);
        if (merged.Count == 0)
        {
            return new ApplyResult([], [], []);
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var baseline = _lastRead ?? throw new InvalidOperationException($"{Name}: ReadAsync must run before ApplyAsync (conflicts are judged against the last read)");
            var ids = merged.Keys.ToList();
            HashSet<string> found;
            HashSet<string>? changedSince;
            using (Timings.Measure("notmuch.check"))
            {
                var unknown = ids.Where(id => !_readIds.Contains(id)).ToList();
                found = unknown.Count == 0 ? [] : await SearchIdsAsync(unknown, null, cancellationToken).ConfigureAwait(false);
                found.UnionWith(ids.Where(_readIds.Contains));
                changedSince = await ChangedSinceAsync(baseline, cancellationToken).ConfigureAwait(false);
            }

            // A rebuilt database (new UUID) has revisions unrelated to the read's: every id is a conflict
            // until the next read, which reads everything.
            var conflicts = ids.Where(id => found.Contains(id) && (changedSince is null || changedSince.Contains(id))).ToList();
            var notFound = ids.Where(id => !found.Contains(id)).ToList();
            var toWrite = ids.Where(id => found.Contains(id) && changedSince is not null && !changedSince.Contains(id)).ToList();
            if (toWrite.Count > 0)
            {
                using (Timings.Measure("notmuch.store"))
                {
                    await WriteBatchAsync(toWrite.Select(id => (id, merged[id])), cancellationToken).ConfigureAwait(false);
                    _lastRead = await CurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            Timings.Count("notmuch.tagged", toWrite.Count);
            Timings.Count("notmuch.conflicts", conflicts.Count);
            return new ApplyResult(toWrite, conflicts, notFound);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// The ids of every message modified after <paramref name="baseline"/>'s revision: one
    /// <c>notmuch dump --uuid=UUID -- lastmod:REV+1..</c>. Null when the database's UUID is no longer the
    /// baseline's (rebuilt since the read).
    /// </summary>
    private async Task<HashSet<string>?> ChangedSinceAsync(NotmuchCheckpoint baseline, CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            ["dump", "--format=batch-tag", "--include=tags", "--uuid=" + baseline.Uuid, "--", $"lastmod:{baseline.Revision + 1}.."],
            cancellationToken,
            1).ConfigureAwait(false);
        if (result.ExitCode == 1)
        {
            if (result.Stderr.Contains("does not match", StringComparison.Ordinal))
            {
                _logger.LogWarning("{Store}: database UUID changed since the read: no tags written until the next read", Name);
                return null;
            }

            throw new MailStoreException($"{Name}: notmuch dump failed: {result.FirstErrorLine}");
        }

        var changed = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StringReader(result.Stdout);
        while (reader.ReadLine() is { } line)
        {
            if (NotmuchBatchFormat.TryParseLine(line, out var id, out _))
            {
                changed.Add(id);
            }
        }

        return changed;
    }

    /// <summary>Which of <paramref name="ids"/> match (optionally also <paramref name="filter"/>), in chunks of <see cref="NotmuchStoreOptions.QueryBatchSize"/>.</summary>
    private async Task<HashSet<string>> SearchIdsAsync(IReadOnlyList<string> ids, string? filter, CancellationToken cancellationToken)
    {
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in QueryChunks(ids))
        {
            var query = "(" + string.Join(" or ", chunk) + ")";
            if (filter is not null)
            {
                query = filter + " and " + query;
            }

            // text0: raw ids after "id:", NUL-separated (the text format does not quote them).
            var result = await RunAsync(["search", "--output=messages", "--format=text0", "--", query], cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                matched.Add(item.StartsWith("id:", StringComparison.Ordinal) ? item[3..] : item);
            }
        }

        return matched;
    }

    /// <summary>
    /// Quoted <c>id:"..."</c> terms in groups of at most <see cref="NotmuchStoreOptions.QueryBatchSize"/> and
    /// at most 100,000 characters: Linux refuses a single argument over 128 KiB (E2BIG).
    /// </summary>
    private IEnumerable<List<string>> QueryChunks(IReadOnlyList<string> ids)
    {
        const int MaxQueryChars = 100_000;
        var chunk = new List<string>();
        var length = 0;
        foreach (var term in ids.Select(NotmuchBatchFormat.QuoteId))
        {
            if (chunk.Count > 0 && (chunk.Count >= _options.QueryBatchSize || length + term.Length + 4 > MaxQueryChars))
            {
                yield return chunk;
                chunk = [];
                length = 0;
            }

            chunk.Add(term);
            length += term.Length + 4;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>One <c>notmuch tag --batch</c> through a temporary file (never a pipe between notmuch processes), written line by line.</summary>
    private async Task WriteBatchAsync(IEnumerable<(string Id, MergedChange Change)> lines, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pwsync-notmuch-{Guid.NewGuid():N}.batch");
        try
        {
            await using (var writer = new StreamWriter(file, append: false, new UTF8Encoding(false), 1 << 16))
            {
                foreach (var (id, change) in lines)
                {
                    await writer.WriteAsync(NotmuchBatchFormat.FormatLine(id, change.Add.Order(StringComparer.Ordinal), change.Remove.Order(StringComparer.Ordinal)).AsMemory(), cancellationToken).ConfigureAwait(false);
                    await writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }

            await RunAsync(["tag", "--batch", "--input=" + file], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

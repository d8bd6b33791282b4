using System.Text;
using PatchSync.Mail.Abstractions;
using PatchSync.Mail.Tags;

namespace PatchSync.Mail.Notmuch;

public sealed partial class NotmuchMailStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Before writing, every named message is looked up (<c>id:"a" or id:"b" ...</c>, chunked) and checked
    /// for a lastmod past the last read's revision: such a message was changed by someone else since and is
    /// a conflict, left alone. The rest is written by one <c>notmuch tag --batch --input=FILE</c>. Afterwards
    /// the conflict baseline moves to the revision after the write, so a second apply in the same run does
    /// not take its own earlier writes for conflicts.
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
            HashSet<string> changedSince;
            using (Timings.Measure("notmuch.check"))
            {
                found = await SearchIdsAsync(ids, null, cancellationToken).ConfigureAwait(false);
                changedSince = await SearchIdsAsync([.. found], $"lastmod:{baseline.Revision + 1}..", cancellationToken).ConfigureAwait(false);
            }

            var notFound = ids.Where(id => !found.Contains(id)).ToList();
            var conflicts = ids.Where(changedSince.Contains).ToList();
            var toWrite = ids.Where(id => found.Contains(id) && !changedSince.Contains(id)).ToList();
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

    /// <summary>One <c>notmuch tag --batch</c> through a temporary file (never a pipe between notmuch processes).</summary>
    private async Task WriteBatchAsync(IEnumerable<(string Id, MergedChange Change)> lines, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pwsync-notmuch-{Guid.NewGuid():N}.batch");
        try
        {
            var text = new StringBuilder();
            foreach (var (id, change) in lines)
            {
                text.Append(NotmuchBatchFormat.FormatLine(id, change.Add.Order(StringComparer.Ordinal), change.Remove.Order(StringComparer.Ordinal))).Append('\n');
            }

            await File.WriteAllTextAsync(file, text.ToString(), cancellationToken).ConfigureAwait(false);
            await RunAsync(["tag", "--batch", "--input=" + file], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

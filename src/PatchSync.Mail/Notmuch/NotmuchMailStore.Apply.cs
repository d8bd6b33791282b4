using System.Text;
using Microsoft.Extensions.Logging;
using PatchSync.Core.Ports;
using PatchSync.Mail.Tags;

namespace PatchSync.Mail.Notmuch;

public sealed partial class NotmuchMailStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Before writing, one <c>notmuch dump -- lastmod:REV+1..</c> (REV: the last read's revision) lists every
    /// message changed since that read: a named message among them was changed by someone else and is a
    /// conflict, left alone. Near free when nothing changed, one process whatever the number of ids. Ids the
    /// last read saw are known to exist; only the others are looked up (a dump of <c>id:"a" or id:"b" ...</c>,
    /// chunked, which also gives their tags). The rest is written by one <c>notmuch tag --batch</c> on stdin,
    /// one line per distinct tag operation naming many ids; messages that already carry their change are left out.
    /// Afterwards the conflict baseline moves to the revision after the write, so a second apply in the same
    /// run does not take its own earlier writes for conflicts; and the checkpoint moves there too when
    /// <see cref="VerifyOwnWritesAsync"/> proves that everything modified since is our own write.
    /// </remarks>
    public async Task<ApplyResult> ApplyAsync(IReadOnlyList<TagChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _owned.EnsureOwned(changes);
        var merged = MergedChange.Merge(changes);
        if (merged.Count == 0)
        {
            return new ApplyResult([], [], [], _vouched?.ToMailCheckpoint());
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var baseline = _lastRead ?? throw new InvalidOperationException($"{Name}: ReadAsync must run before ApplyAsync (conflicts are judged against the last read)");
            var ids = merged.Keys.ToList();
            HashSet<string>? changedSince;
            using (Timings.Measure("notmuch.check"))
            {
                var unknown = ids.Where(id => !_known.ContainsKey(id)).ToList();
                if (unknown.Count > 0)
                {
                    await LookUpAsync(unknown, cancellationToken);
                }

                changedSince = await ChangedSinceAsync(baseline, cancellationToken);
            }

            // Anything modified since the read (or our last verified write) that is not ours: the checkpoint
            // can no longer skip ahead without hiding it.
            if (changedSince is not { Count: 0 })
            {
                _vouched = null;
            }

            // A rebuilt database (new UUID) has revisions unrelated to the read's: every id is a conflict
            // until the next read, which reads everything.
            var conflicts = ids.Where(id => _known.ContainsKey(id) && (changedSince is null || changedSince.Contains(id))).ToList();
            var notFound = ids.Where(id => !_known.ContainsKey(id)).ToList();
            var toWrite = ids.Where(id => _known.ContainsKey(id) && changedSince is not null && !changedSince.Contains(id)).ToList();
            if (toWrite.Count > 0)
            {
                var vouched = _vouched;
                _vouched = null; // until verified: a write that throws half-way leaves no checkpoint

                // A message that already carries the change (e.g. tagged by a run killed before it recorded its
                // work) needs no line: notmuch would find nothing to do for it, after parsing and running its query.
                var writes = toWrite.Where(id => ChangesTags(_known[id], merged[id])).Select(id => (id, merged[id])).ToList();
                NotmuchCheckpoint now;
                using (Timings.Measure("notmuch.store"))
                {
                    if (writes.Count > 0)
                    {
                        await WriteBatchAsync(writes, cancellationToken);
                    }

                    now = await CurrentRevisionAsync(cancellationToken);
                    _lastRead = now;
                }

                Timings.Count("notmuch.unchanged", toWrite.Count - writes.Count);

                var expected = new Dictionary<string, IReadOnlySet<string>>(toWrite.Count, StringComparer.Ordinal);
                foreach (var id in toWrite)
                {
                    var change = merged[id];
                    expected[id] = _sets.Intern(_known[id].Union(change.Add).Except(change.Remove));
                }

                if (vouched is not null)
                {
                    using (Timings.Measure("notmuch.verify"))
                    {
                        _vouched = await VerifyOwnWritesAsync(vouched, now, expected, cancellationToken);
                    }
                }

                foreach (var (id, tags) in expected)
                {
                    _known[id] = tags;
                }
            }

            Timings.Count("notmuch.tagged", toWrite.Count);
            Timings.Count("notmuch.conflicts", conflicts.Count);
            return new ApplyResult(toWrite, conflicts, notFound, _vouched?.ToMailCheckpoint());
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// <paramref name="now"/> when everything modified between <paramref name="vouched"/> and it is one of our
    /// writes carrying exactly the owned tags we meant (<c>notmuch dump --uuid=U -- lastmod:V+1..NOW</c>), in
    /// the same database with as many messages (a removal shows in no lastmod query, only in the count);
    /// otherwise null.
    /// </summary>
    private async Task<NotmuchCheckpoint?> VerifyOwnWritesAsync(
        NotmuchCheckpoint vouched, NotmuchCheckpoint now, Dictionary<string, IReadOnlySet<string>> expected, CancellationToken cancellationToken)
    {
        if (now.Uuid != vouched.Uuid || now.Count != vouched.Count)
        {
            _logger.LogInformation("{Store}: checkpoint not moved past our writes: the database changed (UUID or message count)", Name);
            return null;
        }

        string? foreign = null;
        var result = await RunAsync(
            ["dump", "--format=batch-tag", "--include=tags", "--uuid=" + vouched.Uuid, "--", $"lastmod:{vouched.Revision + 1}..{now.Revision}"],
            line =>
            {
                if (foreign is null && NotmuchBatchFormat.TryParseLine(line, out var id, out var tags) &&
                    (!expected.TryGetValue(id, out var want) || !want.SetEquals(tags.Where(_owned.IsOwned))))
                {
                    foreign = id;
                }
            },
            cancellationToken,
            1);
        if (result.ExitCode == 1)
        {
            return null;
        }

        if (foreign is not null)
        {
            _logger.LogInformation("{Store}: checkpoint not moved past our writes: <{Id}> changed besides them", Name, foreign);
            return null;
        }

        return now;
    }

    /// <summary>
    /// The ids of every message modified after <paramref name="baseline"/>'s revision: one
    /// <c>notmuch dump --uuid=UUID -- lastmod:REV+1..</c>. Null when the database's UUID is no longer the
    /// baseline's (rebuilt since the read).
    /// </summary>
    private async Task<HashSet<string>?> ChangedSinceAsync(NotmuchCheckpoint baseline, CancellationToken cancellationToken)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var result = await RunAsync(
            ["dump", "--format=batch-tag", "--include=tags", "--uuid=" + baseline.Uuid, "--", $"lastmod:{baseline.Revision + 1}.."],
            line =>
            {
                if (NotmuchBatchFormat.TryParseLine(line, out var id, out _))
                {
                    changed.Add(id);
                }
            },
            cancellationToken,
            1);
        if (result.ExitCode == 1)
        {
            if (result.Stderr.Contains("does not match", StringComparison.Ordinal))
            {
                _logger.LogWarning("{Store}: database UUID changed since the read: no tags written until the next read", Name);
                return null;
            }

            throw new MailStoreException($"{Name}: notmuch dump failed: {result.FirstErrorLine}");
        }

        return changed;
    }

    /// <summary>
    /// Looks up <paramref name="ids"/> the last read did not return (a dump of <c>id:"a" or id:"b" ...</c> in
    /// chunks of <see cref="NotmuchStoreOptions.QueryBatchSize"/>): those found join <see cref="_known"/> with
    /// their owned tags.
    /// </summary>
    private async Task LookUpAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in QueryChunks(ids))
        {
            var query = "(" + string.Join(" or ", chunk) + ")";
            await RunAsync(
                ["dump", "--format=batch-tag", "--include=tags", "--", query],
                line =>
                {
                    if (NotmuchBatchFormat.TryParseLine(line, out var id, out var tags))
                    {
                        _known[id] = _sets.Intern(tags.Where(_owned.IsOwned));
                    }
                },
                cancellationToken);
        }
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

    /// <summary>True when <paramref name="change"/> adds a tag <paramref name="known"/> lacks or removes one it has.</summary>
    private static bool ChangesTags(IReadOnlySet<string> known, MergedChange change) =>
        change.Add.Any(tag => !known.Contains(tag)) || change.Remove.Any(known.Contains);

    /// <summary>
    /// One <c>notmuch tag --batch</c>, fed on stdin line by line, messages with the same tag operations OR-ed
    /// on one line (<see cref="NotmuchTagBatch"/>). Not through a file: a temporary file outlives a killed run
    /// (holding Message-IDs and tags for anyone to read), and notmuch would go on tagging from it alone; on a
    /// pipe, notmuch reads end of file when pwsync dies, finishes the line it is on and stops, having tagged
    /// a subset that the next run reads back like any other change.
    /// One process per apply, not one kept for the whole run: Xapian commits when the process closes the
    /// database, and only a committed write may be reported as applied (<c>tag --batch</c> has no way to ask
    /// for a commit in between). Opening and committing cost ~30 ms a process; the per-message cost is
    /// Xapian's (docs/benchmarks.md, "notmuch full sync (session 5)").
    /// </summary>
    private async Task WriteBatchAsync(IReadOnlyList<(string Id, MergedChange Change)> writes, CancellationToken cancellationToken)
    {
        var lines = 0;
        await RunAsync(
            ["tag", "--batch"],
            async (input, ct) =>
            {
                foreach (var line in NotmuchTagBatch.Lines(writes, _options.TagLineIds))
                {
                    await input.WriteAsync(line.AsMemory(), ct);
                    await input.WriteAsync("\n".AsMemory(), ct);
                    lines++;
                }
            },
            cancellationToken);
        Timings.Count("notmuch.lines", lines);
    }
}

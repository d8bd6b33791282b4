using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>Reading the tracker: a full listing synced as it arrives, or the events and the patches they name, and the outbox's patches.</summary>
internal sealed partial class ProjectRun
{
    /// <param name="changes">For an incremental run, the tracker changes fetched while the mail was read.</param>
    private async Task ReadTrackerAsync(Task<TrackerChanges>? changes)
    {
        var link = _run.Project.LinkName;
        if (_fullTracker)
        {
            await _run.GuardAsync(SyncArea.Tracker, $"project '{link}'", async () =>
            {
                await _run.Project.Tracker.EnsureProjectAsync(link, _run.CancellationToken);
                return true;
            });
            if (_run.Project.ExtraTags)
            {
                var series = await _run.GuardAsync(SyncArea.Tracker, $"listing series of '{link}'", () =>
                    _run.Project.Tracker.ListSeriesCompletenessAsync(link, _run.Epoch, _run.CancellationToken));
                foreach (var (id, complete) in series)
                {
                    _run.Memory.SeriesComplete[id] = complete;
                }
            }

            // Pushes a dead run left behind are re-read first, so the listing's chunks plan them once.
            await RefreshOutboxAsync();
            await SettleDeadRunPushesAsync(link);
            await ListAndSyncAsync(link);
            // Every event before the listing began is covered by it; later runs read events from here.
            var window = new EventWindow(_run.Started, _run.Project.EventsOverlap);
            var recent = await _run.GuardAsync(SyncArea.Tracker, "reading events", () =>
                _run.Project.Tracker.ListEventsAsync(link, window.RecentFrom, _run.CancellationToken));
            foreach (var (name, value) in window.AfterListing(recent))
            {
                _run.FinalCommit.Checkpoints[name] = value;
            }

            _run.FinalCommit.Checkpoints[CheckpointNames.FullCheckAt] = EventWindow.FormatTime(_run.Started);
        }
        else
        {
            var fetched = await (changes ?? FetchTrackerChangesAsync());
            await TakeTrackerChangesAsync(fetched);
            using (_run.Report.Timings.Measure("tracker.read"))
            {
                await RefreshOutboxAsync();
            }

            await _pusher.SettleOverwritingPushesAsync(fetched.StateChanges);

            _run.Report.TrackerRead = _run.Memory.Fresh.Count;
        }

        _run.FinalCommit.Checkpoints[CheckpointNames.TrackerReadAt] = EventWindow.FormatTime(_run.Started);
    }

    /// <summary>
    /// A full run does not read the event feed for changes, but a dead run's unchecked pushes need their own
    /// events as evidence all the same: read from the last run's cursor, as an incremental run would, and only
    /// when the outbox holds something (a clean previous run costs no request).
    /// </summary>
    private async Task SettleDeadRunPushesAsync(string link)
    {
        if (_run.State.Outbox.Count == 0)
        {
            return;
        }

        var checkpoints = _run.State.Checkpoints;
        var cursor = EventWindow.Cursor(checkpoints, _run.Epoch);
        var window = new EventWindow(_run.Started, _run.Project.EventsOverlap);
        var events = await _run.GuardAsync(SyncArea.Tracker, "reading events", () =>
            _run.Project.Tracker.ListEventsAsync(link, window.ReadFrom(cursor), _run.CancellationToken));
        if (events is null)
        {
            return;
        }

        var changes = window.Take(events, checkpoints, cursor, extraTags: false);
        await _pusher.SettleOverwritingPushesAsync(changes.StateChanges.ToList());
    }

    /// <summary>
    /// The full listing, synced a chunk at a time as pages arrive (the mail is already read), so its
    /// patches are never all held at once. Only waiting for the listing counts as <c>tracker.read</c>.
    /// </summary>
    private async Task ListAndSyncAsync(string link)
    {
        var chunk = new List<long>(_run.ChunkSize);
        await using var listing = _run.Project.Tracker.ListPatchesAsync(link, _run.Epoch, _run.CancellationToken).GetAsyncEnumerator(_run.CancellationToken);
        while (true)
        {
            bool more;
            using (_run.Report.Timings.Measure("tracker.read"))
            {
                more = await _run.GuardAsync(SyncArea.Tracker, $"listing patches of '{link}' since {_run.Epoch:yyyy-MM-dd}", () => listing.MoveNextAsync().AsTask());
            }

            if (more)
            {
                _run.Memory.Remember(listing.Current);
                chunk.Add(listing.Current.Id);
                _run.Report.TrackerRead++;
                if (_run.Report.TrackerRead % 1000 == 0)
                {
                    _run.Progress("listing patches", _run.Report.TrackerRead);
                }
            }

            if (chunk.Count >= _run.ChunkSize || (!more && chunk.Count > 0))
            {
                // A patch listed twice (pages shifting under the listing) is synced once per chunk it is in.
                await SyncChunksAsync(chunk.Distinct().ToList());
                chunk.Clear();
            }

            if (!more)
            {
                return;
            }
        }
    }

    /// <summary>
    /// What the tracker changed since the last run, read over the network only (events, the patches they
    /// name, their series), so it can run while the mail is read: nothing here touches the run's memory or
    /// the state store.
    /// </summary>
    private async Task<TrackerChanges> FetchTrackerChangesAsync()
    {
        // Off the caller's thread at once: the mail read starts without waiting for the first request.
        await Task.Yield();
        using var timing = _run.Report.Timings.Measure("tracker.read");
        var link = _run.Project.LinkName;
        var checkpoints = _run.State.Checkpoints;
        var changes = new TrackerChanges();
        var window = new EventWindow(_run.Started, _run.Project.EventsOverlap);
        var cursor = EventWindow.Cursor(checkpoints, _run.Epoch);
        var events = await _run.GuardAsync(SyncArea.Tracker, "reading events", () =>
            _run.Project.Tracker.ListEventsAsync(link, window.ReadFrom(cursor), _run.CancellationToken));
        if (events is null)
        {
            // No events API: new patches from a listing since the last read, minus a margin; state
            // changes of older patches are caught by the periodic full check.
            var readAt = EventWindow.ParseTime(checkpoints[CheckpointNames.TrackerReadAt]);
            await _run.GuardAsync(SyncArea.Tracker, "listing recent patches", async () =>
            {
                await foreach (var patch in _run.Project.Tracker.ListPatchesAsync(link, readAt - SyncDefaults.ListingMargin, _run.CancellationToken))
                {
                    changes.Listed.Add(patch);
                }

                return true;
            });
            return changes;
        }

        var taken = window.Take(events, checkpoints, cursor, _run.Project.ExtraTags);
        changes.EventIds.UnionWith(taken.EventIds);
        changes.StateChanges.AddRange(taken.StateChanges);
        var ids = new List<long>();
        foreach (var seriesId in taken.SeriesIds)
        {
            var series = await _run.GuardAsync(SyncArea.Tracker, $"reading series {seriesId}", () => _run.Project.Tracker.GetSeriesAsync(seriesId, _run.CancellationToken));
            changes.SeriesComplete[seriesId] = series.Complete;
            ids.AddRange(series.PatchIds);
        }

        ids.AddRange(taken.PatchIds);
        changes.Fetched.AddRange(await GetPatchesAsync(ids.Distinct().ToList()));
        foreach (var (name, value) in taken.Checkpoints)
        {
            changes.Checkpoints[name] = value;
        }

        return changes;
    }

    /// <summary>Takes fetched tracker changes into the run, once the mail is read.</summary>
    private async Task TakeTrackerChangesAsync(TrackerChanges changes)
    {
        foreach (var patch in changes.Listed)
        {
            _run.Memory.Remember(patch);
        }

        foreach (var (series, complete) in changes.SeriesComplete)
        {
            _run.Memory.SeriesComplete[series] = complete;
        }

        await RememberInScopeAsync(changes.Fetched);
        _pusher.TakeInEvents(changes.EventIds);
        foreach (var (name, value) in changes.Checkpoints)
        {
            _run.FinalCommit.Checkpoints[name] = value;
        }
    }

    /// <summary>An incremental run's tracker side as fetched: patches listed or re-read, series, new checkpoints.</summary>
    private sealed class TrackerChanges
    {
        public List<TrackerPatch> Listed { get; } = [];

        public List<TrackerPatch> Fetched { get; } = [];

        public Dictionary<long, bool> SeriesComplete { get; } = [];

        /// <summary>Every event read (seen before or not): what the run's view of the tracker already accounts for.</summary>
        public HashSet<long> EventIds { get; } = [];

        public Dictionary<string, string> Checkpoints { get; } = new(StringComparer.Ordinal);

        /// <summary>The state changes not seen before (the evidence for pushes a dead run could not check).</summary>
        public List<TrackerEvent> StateChanges { get; } = [];
    }

    private async Task FetchPatchesAsync(List<long> ids) => await RememberInScopeAsync(await GetPatchesAsync(ids));

    /// <summary>Reads the patches <paramref name="ids"/> from the tracker, up to the project's concurrency at once.</summary>
    private async Task<IReadOnlyCollection<TrackerPatch>> GetPatchesAsync(List<long> ids)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var fetched = new System.Collections.Concurrent.ConcurrentBag<TrackerPatch>();
        var done = 0L;
        await _run.GuardAsync(SyncArea.Tracker, "reading changed patches", async () =>
        {
            await Parallel.ForEachAsync(
                ids,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _run.Project.Concurrency), CancellationToken = _run.CancellationToken },
                async (id, cancellationToken) =>
                {
                    fetched.Add(await _run.Project.Tracker.GetPatchAsync(id, cancellationToken));
                    _run.Progress("reading changed patches", Interlocked.Increment(ref done), ids.Count);
                });
            return true;
        });
        return fetched;
    }

    /// <summary>Remembers re-read patches, except a change to a patch older than the epoch that was never synced.</summary>
    private async Task RememberInScopeAsync(IReadOnlyCollection<TrackerPatch> patches)
    {
        if (patches.Count == 0)
        {
            return;
        }

        // Whether a patch is known decides whether an old one is in scope.
        await _loader.EnsurePatchesAsync(patches.Select(p => p.Id));
        foreach (var patch in patches)
        {
            if (patch.Date >= _run.Epoch || _run.Memory.Patches.ContainsKey(patch.Id))
            {
                _run.Memory.Remember(patch);
            }
        }
    }

    /// <summary>The completeness of the series of <paramref name="ids"/>' patches not known yet (for the series-complete tag).</summary>
    private async Task ReadSeriesAsync(long[] ids)
    {
        var unknown = ids.Select(id => _run.Memory.Fresh.GetValueOrDefault(id)?.SeriesId)
            .OfType<long>()
            .Where(s => !_run.Memory.SeriesComplete.ContainsKey(s))
            .Distinct()
            .ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var read = new System.Collections.Concurrent.ConcurrentBag<TrackerSeries>();
        await _run.GuardAsync(SyncArea.Tracker, "reading series", async () =>
        {
            await Parallel.ForEachAsync(
                unknown,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _run.Project.Concurrency), CancellationToken = _run.CancellationToken },
                async (id, cancellationToken) => read.Add(await _run.Project.Tracker.GetSeriesAsync(id, cancellationToken)));
            return true;
        });
        foreach (var series in read)
        {
            _run.Memory.SeriesComplete[series.Id] = series.Complete;
        }
    }

    /// <summary>Pushes left in the outbox by a run that died: re-read those patches so they are replanned.</summary>
    private async Task RefreshOutboxAsync()
    {
        var pending = _run.State.Outbox.Select(o => o.PatchId).Where(id => !_run.Memory.Fresh.ContainsKey(id)).ToList();
        await FetchPatchesAsync(pending);
        foreach (var entry in _run.State.Outbox)
        {
            _run.Memory.Touched.Add(entry.PatchId);
        }
    }
}

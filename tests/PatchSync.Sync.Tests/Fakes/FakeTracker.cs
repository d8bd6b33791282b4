using System.Runtime.CompilerServices;

namespace PatchSync.Sync.Tests.Fakes;

/// <summary>
/// An in-memory tracker with an event feed, for engine tests (the real client is tested against a real
/// server in its own project and end to end). Counts requests and can refuse or fail on demand.
/// </summary>
internal sealed class FakeTracker : ITracker
{
    private readonly Dictionary<long, TrackerPatch> _patches = [];
    private readonly List<TrackerEvent> _events = [];
    private readonly Dictionary<long, (bool Complete, List<long> Patches)> _series = [];
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _nextEvent = 1;

    public FakeTracker(TimeProvider time) => _time = time;

    public string Name => "fake-tracker";

    public bool EventsSupported { get; set; } = true;

    /// <summary>Refuse every update with a 403-like error.</summary>
    public bool Forbid { get; set; }

    /// <summary>Answer updates with the patch unchanged, as Patchwork does when it reads an empty (chunked) body.</summary>
    public bool IgnoreUpdates { get; set; }

    /// <summary>Thrown by every call while set (a server answering 500s).</summary>
    public Exception? Failure { get; set; }

    /// <summary>Runs before <see cref="GetPatchAsync"/> answers (to change the tracker under the engine's feet).</summary>
    public Action<long>? BeforeGet { get; set; }

    /// <summary>Runs before <see cref="UpdatePatchAsync"/> applies (another client's write landing just before the engine's).</summary>
    public Action<long>? BeforeUpdate { get; set; }

    /// <summary>Another client's write that lands just before the engine's next PATCH (once).</summary>
    public void BeforeNextUpdate(Action<long> write) =>
        BeforeUpdate = id =>
        {
            BeforeUpdate = null;
            write(id);
        };

    /// <summary>Runs before <see cref="ListEventsAsync"/> answers.</summary>
    public Action? BeforeListEvents { get; set; }

    public int EventReads { get; private set; }

    public int Requests { get; private set; }

    public int Gets { get; private set; }

    public int Updates { get; private set; }

    public IReadOnlyDictionary<long, TrackerPatch> Patches => _patches;

    public PatchSnapshot this[long id] => _patches[id].Value;

    public int SeriesReads { get; private set; }

    public void Add(long id, string state, DateTimeOffset? date = null, bool archived = false, string? messageId = null, string? delegateUser = null, string? checks = null, long? series = null)
    {
        var patch = new TrackerPatch(id, messageId ?? MessageIdOf(id), new PatchSnapshot(state, archived), date ?? _time.GetUtcNow(), delegateUser, checks, series);
        _patches[id] = patch;
        if (series is { } seriesId)
        {
            if (!_series.TryGetValue(seriesId, out var entry))
            {
                entry = (false, []);
            }

            entry.Patches.Add(id);
            _series[seriesId] = entry;
        }

        _events.Add(new TrackerEvent(_nextEvent++, id, "patch-created", _time.GetUtcNow()));
    }

    /// <summary>A maintainer changes the state on the web UI: an event is emitted.</summary>
    public void Set(long id, string state) => SetValue(id, _patches[id].Value with { State = state }, emitEvent: true);

    /// <summary>One PATCH of state and archived together (web UI or another client): one state-change event, none for the archive.</summary>
    public void SetAndArchive(long id, string state, bool archived = true) =>
        SetValue(id, new PatchSnapshot(state, archived), emitEvent: true);

    /// <summary>Delegating emits a patch-delegated event.</summary>
    public void Delegate(long id, string? user)
    {
        _patches[id] = _patches[id] with { Delegate = user };
        _events.Add(new TrackerEvent(_nextEvent++, id, "patch-delegated", _time.GetUtcNow()));
    }

    /// <summary>The series received its last patch: a series-completed event, as Patchwork emits.</summary>
    public void CompleteSeries(long seriesId)
    {
        _series[seriesId] = (true, _series[seriesId].Patches);
        _events.Add(new TrackerEvent(_nextEvent++, 0, TrackerEvent.SeriesCompleted, _time.GetUtcNow(), SeriesId: seriesId));
    }

    /// <summary>Archiving emits no event in Patchwork.</summary>
    public void Archive(long id, bool archived = true) => SetValue(id, _patches[id].Value with { Archived = archived }, emitEvent: false);

    public static string MessageIdOf(long id) => $"patch{id}@example.org";

    public Task EnsureProjectAsync(string project, CancellationToken cancellationToken)
    {
        Count();
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<TrackerPatch> ListPatchesAsync(string project, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Count();
        await Task.Yield();
        foreach (var patch in _patches.Values.Where(p => p.Date >= since).OrderBy(p => p.Id).ToList())
        {
            yield return patch;
        }
    }

    public Task<IReadOnlyList<TrackerEvent>?> ListEventsAsync(string project, DateTimeOffset since, CancellationToken cancellationToken)
    {
        Count();
        EventReads++;
        BeforeListEvents?.Invoke();
        return Task.FromResult<IReadOnlyList<TrackerEvent>?>(EventsSupported ? _events.Where(e => e.Date >= since).ToList() : null);
    }

    public Task<IReadOnlyDictionary<long, bool>> ListSeriesCompletenessAsync(string project, DateTimeOffset since, CancellationToken cancellationToken)
    {
        Count();
        return Task.FromResult<IReadOnlyDictionary<long, bool>>(_series.ToDictionary(s => s.Key, s => s.Value.Complete));
    }

    public Task<TrackerSeries> GetSeriesAsync(long seriesId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Count();
            SeriesReads++;
            var (complete, patches) = _series[seriesId];
            return Task.FromResult(new TrackerSeries(seriesId, complete, patches.ToList()));
        }
    }

    public Task<TrackerPatch> GetPatchAsync(long patchId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Count();
            Gets++;
            BeforeGet?.Invoke(patchId);
            return Task.FromResult(_patches[patchId]);
        }
    }

    public Task<TrackerPatch> UpdatePatchAsync(long patchId, PatchSnapshot current, PatchSnapshot desired, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Count();
            BeforeUpdate?.Invoke(patchId);
            if (Forbid)
            {
                throw new TrackerForbiddenException("you are not a maintainer of this project");
            }

            Updates++;
            if (IgnoreUpdates)
            {
                // What the tracker client turns a 200-without-the-change into.
                throw new TrackerPushNotAppliedException($"patch {patchId}: the tracker answered 200 but still holds {_patches[patchId].Value} (asked {desired}): the change was not applied");
            }

            // As the real tracker client does: only the fields the change touches are sent, so a field another client
            // changed meanwhile keeps its value.
            var held = _patches[patchId].Value;
            var sendState = desired.State != current.State || desired.Archived == current.Archived;
            var value = new PatchSnapshot(
                sendState ? desired.State : held.State,
                desired.Archived != current.Archived ? desired.Archived : held.Archived);
            SetValue(patchId, value, emitEvent: value.State != held.State);
            return Task.FromResult(_patches[patchId]);
        }
    }

    private void SetValue(long id, PatchSnapshot value, bool emitEvent)
    {
        var previous = _patches[id].Value.State;
        _patches[id] = _patches[id] with { Value = value };
        if (emitEvent)
        {
            _events.Add(new TrackerEvent(_nextEvent++, id, TrackerEvent.StateChanged, _time.GetUtcNow(), value.State, PreviousState: previous));
        }
    }

    private void Count()
    {
        Requests++;
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}

using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.State;
using PatchSync.State.Model;

namespace PatchSync.Sync.Persistence;

/// <summary>
/// The engine's <see cref="ISyncStateStore"/> on the SQLite <see cref="StateStore"/>. Patches store the
/// base as their value; the tracker's last read value, when it differs, rides in the tracker marker
/// (<c>tracker:STATE[:archived]</c>), and a patch never synced (no mail yet) has the marker
/// <c>unsynced</c> with the tracker's value. Engine checkpoints live under the scope
/// <c>sync TRACKER PROJECT</c>; message tags are per mail store, shared by the projects using it.
/// </summary>
public sealed class StateStoreAdapter : ISyncStateStore
{
    private const string Unsynced = "unsynced";
    private const string TrackerMarker = "tracker:";
    private const string ArchivedSuffix = ":archived";

    private readonly StateStore _store;
    private readonly Dictionary<(string Tracker, string Project, long PatchId), long> _outboxIds = [];

    public StateStoreAdapter(StateStore store) => _store = store;

    public async Task<ProjectState> LoadAsync(StateScope scope, CancellationToken cancellationToken)
    {
        var header = await LoadHeaderAsync(scope, cancellationToken);
        var patches = await _store.LoadPatchesAsync(scope.Tracker, scope.Project, cancellationToken);
        var messages = await _store.LoadMessageTagsAsync(scope.Store, cancellationToken);
        return header with { Patches = patches.Values.Select(Decode).ToDictionary(p => p.PatchId), Messages = messages };
    }

    public async Task<ProjectState> LoadHeaderAsync(StateScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var checkpoints = await _store.GetCheckpointsAsync(CheckpointScope(scope), cancellationToken);
        var outbox = (await _store.LoadOutboxAsync(scope.Tracker, cancellationToken))
            .Where(o => o.Project == scope.Project)
            .ToList();
        foreach (var entry in outbox)
        {
            _outboxIds[(scope.Tracker, scope.Project, entry.PatchId)] = entry.Id;
        }

        return ProjectState.Empty with
        {
            Checkpoints = checkpoints,
            Outbox = outbox.Select(o => new PendingPush(o.PatchId, o.MessageId, o.Expected, o.Desired)).ToList(),
        };
    }

    public async Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesAsync(StateScope scope, IReadOnlyCollection<long> patchIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var patches = await _store.LoadPatchesAsync(scope.Tracker, scope.Project, patchIds, cancellationToken);
        return patches.Values.Select(Decode).ToDictionary(p => p.PatchId);
    }

    public async Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesByMessageAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var patches = await _store.LoadPatchesByMessageAsync(scope.Tracker, scope.Project, messageIds, cancellationToken);
        return patches.Values.Select(Decode).ToDictionary(p => p.PatchId);
    }

    public Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadMessageTagsAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _store.LoadMessageTagsAsync(scope.Store, messageIds, cancellationToken);
    }

    public async Task CommitAsync(StateScope scope, StateCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(commit);
        var added = new List<((string, string, long) Key, long Id)>();
        var removed = new List<(string, string, long)>();
        await using (var tx = await _store.BeginAsync(cancellationToken))
        {
            foreach (var conflict in commit.Conflicts)
            {
                tx.LogConflict(scope.Tracker, scope.Project, conflict);
            }

            foreach (var push in commit.OutboxAdd)
            {
                var id = tx.EnqueuePush(scope.Tracker, scope.Project, new PushToTracker(push.PatchId, push.MessageId, push.Expected, push.Desired));
                added.Add(((scope.Tracker, scope.Project, push.PatchId), id));
            }

            foreach (var patchId in commit.OutboxRemove.Distinct())
            {
                var key = (scope.Tracker, scope.Project, patchId);
                if (_outboxIds.TryGetValue(key, out var id) || TryFind(added, key, out id))
                {
                    tx.CompletePush(id);
                    removed.Add(key);
                }
            }

            foreach (var (patchId, error) in commit.OutboxFailed)
            {
                var key = (scope.Tracker, scope.Project, patchId);
                if (_outboxIds.TryGetValue(key, out var id) || TryFind(added, key, out id))
                {
                    tx.FailPush(id, error);
                }
            }

            foreach (var patch in commit.Patches.Values)
            {
                tx.UpsertPatch(scope.Tracker, scope.Project, Encode(patch));
            }

            foreach (var (messageId, tags) in commit.Messages)
            {
                tx.UpsertMessageTags(scope.Store, messageId, tags);
            }

            foreach (var messageId in commit.RemovedMessages)
            {
                tx.DeleteMessage(scope.Store, messageId);
            }

            foreach (var (key, value) in commit.Checkpoints)
            {
                tx.SetCheckpoint(CheckpointScope(scope), key, value);
            }

            await tx.CommitAsync(cancellationToken);
        }

        // The id map follows the database only once the transaction is durable.
        foreach (var (key, id) in added)
        {
            _outboxIds[key] = id;
        }

        foreach (var key in removed)
        {
            _outboxIds.Remove(key);
        }
    }

    public Task<long> BeginRunAsync(CancellationToken cancellationToken) => _store.BeginRunAsync(cancellationToken);

    public Task EndRunAsync(long runId, RunSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var result = summary.Outcome switch
        {
            RunSummaryOutcome.Succeeded => RunResult.Succeeded,
            RunSummaryOutcome.PartlyFailed => RunResult.PartlyFailed,
            RunSummaryOutcome.Cancelled => RunResult.Cancelled,
            _ => RunResult.Failed,
        };
        var timings = summary.Timings.Phases.ToDictionary(p => p.Key, p => p.Value.TotalSeconds, StringComparer.Ordinal);
        return _store.EndRunAsync(runId, new RunOutcome(result, summary.Counts, timings, summary.Error), cancellationToken);
    }

    /// <summary>The checkpoint scope of a project's engine checkpoints.</summary>
    public static string CheckpointScope(StateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return "sync " + CheckpointScopes.ProjectKey(scope.Tracker, scope.Project);
    }

    private static bool TryFind(List<((string, string, long) Key, long Id)> added, (string, string, long) key, out long id)
    {
        foreach (var entry in added)
        {
            if (entry.Key == key)
            {
                id = entry.Id;
                return true;
            }
        }

        id = 0;
        return false;
    }

    private static SyncedPatch Encode(PatchRecord patch)
    {
        if (patch.Base is null)
        {
            return new SyncedPatch(patch.PatchId, patch.MessageId, patch.Tracker, Unsynced);
        }

        var marker = patch.Tracker == patch.Base
            ? null
            : TrackerMarker + patch.Tracker.State + (patch.Tracker.Archived ? ArchivedSuffix : string.Empty);
        return new SyncedPatch(patch.PatchId, patch.MessageId, patch.Base, marker);
    }

    private static PatchRecord Decode(SyncedPatch patch)
    {
        var marker = patch.TrackerMarker;
        if (marker == Unsynced)
        {
            return new PatchRecord(patch.PatchId, patch.MessageId, null, patch.Value);
        }

        if (marker is not null && marker.StartsWith(TrackerMarker, StringComparison.Ordinal))
        {
            var text = marker[TrackerMarker.Length..];
            var archived = text.EndsWith(ArchivedSuffix, StringComparison.Ordinal);
            var state = archived ? text[..^ArchivedSuffix.Length] : text;
            return new PatchRecord(patch.PatchId, patch.MessageId, patch.Value, new PatchSnapshot(state, archived));
        }

        return new PatchRecord(patch.PatchId, patch.MessageId, patch.Value, patch.Value);
    }
}

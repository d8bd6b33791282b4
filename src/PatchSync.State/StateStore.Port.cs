using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.State.Model;

namespace PatchSync.State;

/// <summary>
/// The store as the engine's <see cref="IStateStore"/> (explicit members: the engine sees the port, status
/// and tests the tables). A patch row holds the base (null while never synced) and the tracker's last read
/// value in columns of their own. Engine checkpoints live under <see cref="CheckpointScopes.Sync"/>; message
/// tags are per mail store, shared by the projects using it.
/// </summary>
public sealed partial class StateStore : IStateStore
{
    // Outbox row ids of the pushes loaded or written through the port, so a commit can complete or fail them.
    private readonly Dictionary<(string Tracker, string Project, long PatchId), long> _outboxIds = [];

    async Task<ProjectState> IStateStore.LoadAsync(StateScope scope, CancellationToken cancellationToken)
    {
        var header = await ((IStateStore)this).LoadHeaderAsync(scope, cancellationToken);
        var patches = await LoadPatchesAsync(scope.Tracker, scope.Project, cancellationToken);
        var messages = await LoadMessageTagsAsync(scope.Store, cancellationToken);
        return header with { Patches = patches, Messages = messages };
    }

    async Task<ProjectState> IStateStore.LoadHeaderAsync(StateScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var checkpoints = await GetCheckpointsAsync(CheckpointScopes.Sync(scope), cancellationToken);
        var outbox = (await LoadOutboxAsync(scope.Tracker, cancellationToken))
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

    Task<IReadOnlyDictionary<long, PatchRecord>> IStateStore.LoadPatchesAsync(StateScope scope, IReadOnlyCollection<long> patchIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return LoadPatchesAsync(scope.Tracker, scope.Project, patchIds, cancellationToken);
    }

    Task<IReadOnlyDictionary<long, PatchRecord>> IStateStore.LoadPatchesByMessageAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return LoadPatchesByMessageAsync(scope.Tracker, scope.Project, messageIds, cancellationToken);
    }

    Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> IStateStore.LoadMessageTagsAsync(StateScope scope, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return LoadMessageTagsAsync(scope.Store, messageIds, cancellationToken);
    }

    async Task IStateStore.CommitAsync(StateScope scope, StateCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(commit);
        var added = new List<((string, string, long) Key, long Id)>();
        var removed = new List<(string, string, long)>();
        var tx = await BeginAsync(cancellationToken);
        await using (tx)
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
                tx.UpsertPatch(scope.Tracker, scope.Project, patch);
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
                tx.SetCheckpoint(CheckpointScopes.Sync(scope), key, value);
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

    Task<long> IStateStore.BeginRunAsync(CancellationToken cancellationToken) => BeginRunAsync(cancellationToken);

    Task IStateStore.EndRunAsync(long runId, RunSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var timings = summary.Timings.Phases.ToDictionary(p => p.Key, p => p.Value.TotalSeconds, StringComparer.Ordinal);
        return EndRunAsync(runId, new RunOutcome(summary.Outcome, summary.Counts, timings, summary.Error), cancellationToken);
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
}

using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Sync.Engine;

/// <summary>
/// What one project's run knows: the stored patch records and mail tags it loaded, the tracker values it
/// read (<see cref="Fresh"/>), the patches it has to plan (<see cref="Touched"/>) and the agreements not
/// committed yet. Kept current as steps succeed; every commit writes from it, and a done chunk is
/// forgotten so a big run never holds everything at once.
/// </summary>
internal sealed class RunMemory
{
    private readonly string? _extraTagPrefix;
    private Dictionary<long, PendingPush> _outbox = [];

    /// <param name="extraTagPrefix">The mapping's prefix when the project keeps the extra tags, else null.</param>
    public RunMemory(string? extraTagPrefix = null)
    {
        _extraTagPrefix = extraTagPrefix;
    }

    /// <summary>The stored records of the patches loaded so far, updated as the run records them.</summary>
    public Dictionary<long, PatchRecord> Patches { get; } = [];

    /// <summary>The last known tags per Message-ID: read from the mail this run, or loaded from the state.</summary>
    public Dictionary<string, IReadOnlySet<string>> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>The patches read from the tracker this run, as it served them.</summary>
    public Dictionary<long, TrackerPatch> Fresh { get; } = [];

    /// <summary>The patches to plan this run.</summary>
    public HashSet<long> Touched { get; } = [];

    /// <summary>Whether a series is complete (for the series-complete tag), per series id read.</summary>
    public Dictionary<long, bool> SeriesComplete { get; } = [];

    /// <summary>Patches both sides agree on that need no write: recorded with the chunk's last commit.</summary>
    public Dictionary<long, PatchSnapshot> Agreed { get; } = [];

    /// <summary>The pushes a dead run left in the outbox, per patch.</summary>
    public IReadOnlyDictionary<long, PendingPush> Outbox => _outbox;

    /// <summary>Takes the outbox the run found in the state.</summary>
    public void TakeOutbox(IEnumerable<PendingPush> outbox) => _outbox = outbox.ToDictionary(p => p.PatchId);

    /// <summary>Keeps a patch read from the tracker and marks it to be planned.</summary>
    public void Remember(TrackerPatch patch)
    {
        Fresh[patch.Id] = patch;
        Touched.Add(patch.Id);
    }

    /// <summary>
    /// Drops what a done chunk's patches hold: their records were committed with the chunk and nothing later
    /// in the run reads them again.
    /// </summary>
    public void ForgetChunk(IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            Fresh.Remove(id);
            Patches.Remove(id);
            Touched.Remove(id);
        }
    }

    /// <summary>The planner's input for one patch from what this run knows, or null for a patch it knows nothing about.</summary>
    /// <param name="id">The patch.</param>
    /// <param name="baseOverride">A base to plan against instead of the stored one (a replan after a push).</param>
    public PatchSyncInput? Input(long id, PatchSnapshot? baseOverride = null)
    {
        Patches.TryGetValue(id, out var known);
        Fresh.TryGetValue(id, out var fresh);
        if (known is null && fresh is null)
        {
            return null;
        }

        var messageId = fresh?.MessageId ?? known!.MessageId;
        var tracker = fresh?.Value ?? known!.Tracker;
        var mailTags = Messages.GetValueOrDefault(messageId);
        return new PatchSyncInput(id, messageId, baseOverride ?? LandedPush(id, tracker) ?? known?.Base, tracker, mailTags, ExtraTagsFor(fresh));
    }

    /// <summary>
    /// A landed push with both sides still on its value plans nothing: it is recorded as the base (and its
    /// outbox entry cleared) all the same.
    /// </summary>
    public void AgreeOnLandedPushes(IEnumerable<PatchSyncInput> inputs, IReadOnlyCollection<PlannedAction> plan)
    {
        foreach (var input in inputs)
        {
            if (input.Base is { } landed && _outbox.TryGetValue(input.PatchId, out var pending)
                && pending.Desired == landed && input.Tracker == landed && !plan.Any(a => a.PatchId == input.PatchId))
            {
                Agreed[input.PatchId] = landed;
            }
        }
    }

    /// <summary>The tracker's value of a patch as this run knows it (read now, or as stored).</summary>
    public PatchSnapshot TrackerValue(long id) =>
        Fresh.TryGetValue(id, out var fresh) ? fresh.Value : Patches[id].Tracker;

    /// <summary>Records the tracker value read for <paramref name="id"/> into <paramref name="commit"/>, when it changed the record.</summary>
    public void RecordFresh(StateCommit commit, long id)
    {
        if (!Fresh.TryGetValue(id, out var fresh))
        {
            return;
        }

        Patches.TryGetValue(id, out var known);
        var updated = new PatchRecord(id, fresh.MessageId, known?.Base, fresh.Value);
        if (updated != known)
        {
            Patches[id] = updated;
            commit.Patches[id] = updated;
        }
    }

    /// <summary>Records that both sides hold <paramref name="agreed"/> (the new base), with the tracker's value.</summary>
    public void SetPatch(StateCommit commit, long id, PatchSnapshot agreed, PatchSnapshot tracker)
    {
        var messageId = Fresh.TryGetValue(id, out var fresh) ? fresh.MessageId : Patches[id].MessageId;
        var patch = new PatchRecord(id, messageId, agreed, tracker);
        Patches[id] = patch;
        commit.Patches[id] = patch;
    }

    /// <summary>
    /// The value of a push a dead run left in the outbox when the tracker now holds it: the push landed, and
    /// since the outbox is written only after the mail was set to that value, both sides held it then. It is
    /// the base, so a mail edit made since is an edit to push, not a conflict with our own push.
    /// </summary>
    private PatchSnapshot? LandedPush(long id, PatchSnapshot tracker) =>
        _outbox.TryGetValue(id, out var pending) && pending.Desired == tracker ? pending.Desired : null;

    private HashSet<string>? ExtraTagsFor(TrackerPatch? fresh)
    {
        // Not re-read this run (fresh is null): null tells the planner to keep the read-only tags the mail carries.
        if (_extraTagPrefix is null || fresh is null)
        {
            return null;
        }

        var seriesComplete = fresh.SeriesId is { } series && SeriesComplete.GetValueOrDefault(series);
        return ExtraTagNames.For(_extraTagPrefix, fresh.Delegate, fresh.Checks, seriesComplete);
    }
}

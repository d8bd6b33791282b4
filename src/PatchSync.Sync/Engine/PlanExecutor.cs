using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Sync.Engine;

/// <summary>
/// Carrying out a plan. Order: conflicts are logged first (so a crash cannot lose them), then all retags
/// go to the store in one batch, then pushes go through the outbox with compare-and-set
/// (<see cref="OutboxPusher"/>), then agreements are recorded, and last the checkpoints advance (only once
/// everything they cover is recorded).
/// </summary>
internal sealed class PlanExecutor
{
    private readonly RunContext _run;
    private readonly Func<long, PatchSnapshot?, PatchSyncInput?> _input;
    private readonly OutboxPusher _pusher;
    private readonly List<(RetagMail Retag, PatchSnapshot Target, PatchSnapshot Tracker, bool RecordBase)> _retags = [];

    /// <summary>One shared set per distinct tag set written: a 100k retag holds a few sets, not 100k.</summary>
    private readonly TagSetInterner _tagSets = new();

    private bool _writesVouched = true;

    /// <param name="run">The run.</param>
    /// <param name="input">The planner's input for a patch, with an optional base.</param>
    /// <param name="pusher">Where the plan's pushes go.</param>
    public PlanExecutor(RunContext run, Func<long, PatchSnapshot?, PatchSyncInput?> input, OutboxPusher pusher)
    {
        _run = run;
        _input = input;
        _pusher = pusher;
    }

    /// <summary>
    /// The mail store's checkpoint past this run's own writes, when every write vouched for one: it replaces
    /// the read's checkpoint so the next run does not read back what this one wrote.
    /// </summary>
    public MailCheckpoint? CheckpointPastWrites { get; private set; }

    /// <summary>Carries out one chunk's plan and records the chunk.</summary>
    public async Task ExecuteAsync(List<PlannedAction> plan, long[] chunk)
    {
        var conflicts = plan.OfType<ConflictDecided>().ToList();
        if (conflicts.Count > 0)
        {
            var log = new StateCommit();
            log.Conflicts.AddRange(conflicts);
            await _run.CommitAsync(log, $"log {conflicts.Count} conflicts");
            _run.Report.Conflicts.AddRange(conflicts);
        }

        // Retags of patches about to be pushed go first, in one batch: a mail set to the pushed value before
        // the push means a crash in between replans the same push, never a push of a stale second tag.
        var pushes = new List<PushToTracker>();
        var others = new List<(List<RetagMail> Retags, PatchSnapshot Target, PatchSnapshot Tracker)>();
        foreach (var actions in plan.GroupBy(a => a.PatchId))
        {
            var tracker = _run.Memory.TrackerValue(actions.Key);
            var push = actions.OfType<PushToTracker>().FirstOrDefault();
            var retags = actions.OfType<RetagMail>().ToList();
            if (push is not null)
            {
                QueueRetags(retags, push.Desired, tracker, recordBase: false);
                pushes.Add(push);
            }
            else if (retags.Count > 0)
            {
                others.Add((retags, actions.OfType<RecordSynced>().FirstOrDefault()?.Value ?? tracker, tracker));
            }
            else if (actions.OfType<RecordSynced>().FirstOrDefault() is { } record)
            {
                _run.Memory.Agreed[record.PatchId] = record.Value;
            }
        }

        var notRetagged = await RetagAsync();

        // The other retags concern other patches: the mail store writes them while the pushes go out to the
        // tracker (two servers, each waited on). Their results are recorded after the pushes', so the state
        // store still sees one commit at a time.
        foreach (var (retags, target, tracker) in others)
        {
            QueueRetags(retags, target, tracker, recordBase: true);
        }

        var writing = BeginRetag();
        try
        {
            await _pusher.PushAllAsync(pushes.Where(p => !notRetagged.Contains(p.MessageId)).ToList());
        }
        finally
        {
            await EndRetagAsync(writing);
        }

        // Mail set back after a refused push, or replanned after the tracker moved.
        await RetagAsync();
        await RecordChunkAsync(chunk);
    }

    /// <summary>Plans one patch again and queues or records what that plan says; pushes it finds wait for the next run.</summary>
    public async Task ReplanAsync(long id, PatchSnapshot? baseOverride)
    {
        if (_input(id, baseOverride) is not { } input)
        {
            return;
        }

        var actions = SyncPlanner.PlanPatch(input, _run.Project.Planner);
        var conflicts = actions.OfType<ConflictDecided>().ToList();
        if (conflicts.Count > 0)
        {
            var log = new StateCommit();
            log.Conflicts.AddRange(conflicts);
            await _run.CommitAsync(log, $"log conflict {id}");
            _run.Report.Conflicts.AddRange(conflicts);
        }

        var tracker = input.Tracker;
        // Pushes found by a replan wait for the next run: one compare-and-set attempt per run.
        QueueRetags(actions.OfType<RetagMail>(), tracker, tracker, recordBase: true);
        if (!actions.OfType<RetagMail>().Any() && !actions.OfType<PushToTracker>().Any())
        {
            _run.Memory.Agreed[id] = actions.OfType<RecordSynced>().FirstOrDefault()?.Value ?? tracker;
        }
    }

    /// <summary>Queues retags to be written in the next batch, with what to record once they are applied.</summary>
    /// <param name="retags">The retags.</param>
    /// <param name="target">The value both sides hold once the retags are applied.</param>
    /// <param name="tracker">The tracker's value to record.</param>
    /// <param name="recordBase">False for a retag that precedes a push: the base moves only once the push is confirmed.</param>
    private void QueueRetags(IEnumerable<RetagMail> retags, PatchSnapshot target, PatchSnapshot tracker, bool recordBase)
    {
        foreach (var retag in retags)
        {
            _retags.Add((retag, target, tracker, recordBase));
        }
    }

    /// <summary>Applies the queued retags in one batch; returns the Message-IDs that were not applied.</summary>
    private Task<HashSet<string>> RetagAsync() => EndRetagAsync(BeginRetag());

    /// <summary>Starts writing the queued retags to the mail store (null when none are queued).</summary>
    private PendingRetag? BeginRetag()
    {
        if (_retags.Count == 0)
        {
            return null;
        }

        var retags = _retags.ToList();
        _retags.Clear();
        var changes = retags
            .GroupBy(r => r.Retag.MessageId, StringComparer.Ordinal)
            .Select(g => new TagChange(
                g.Key,
                _tagSets.Intern(g.SelectMany(r => r.Retag.Add)),
                _tagSets.Intern(g.SelectMany(r => r.Retag.Remove))))
            .ToList();
        _run.Progress("retagging", 0, changes.Count);
        var applying = _run.GuardAsync(SyncArea.Mail, $"tagging {changes.Count} messages", () => _run.Project.Store.ApplyAsync(changes, _run.CancellationToken));
        return new PendingRetag(retags, changes, applying);
    }

    /// <summary>Waits for a started retag batch and records what it did; returns the Message-IDs that were not applied.</summary>
    private async Task<HashSet<string>> EndRetagAsync(PendingRetag? pending)
    {
        var notApplied = new HashSet<string>(StringComparer.Ordinal);
        if (pending is null)
        {
            return notApplied;
        }

        var (retags, changes, applying) = pending;
        var result = await applying;
        // The store's checkpoint past its own writes replaces the read's, so the next run does not read back
        // what this one wrote; one apply that cannot vouch for it (null) keeps the read's checkpoint.
        CheckpointPastWrites = _writesVouched ? result.Checkpoint : null;
        _writesVouched = result.Checkpoint is not null;
        await _run.StepAsync(SyncStepKind.MailWrite, $"retag {changes.Count}");

        var applied = result.Applied.ToHashSet(StringComparer.Ordinal);
        var commit = new StateCommit();
        foreach (var change in changes.Where(c => applied.Contains(c.MessageId)))
        {
            var tags = _tagSets.Intern((_run.Memory.Messages.GetValueOrDefault(change.MessageId) ?? new HashSet<string>(StringComparer.Ordinal))
                .Except(change.Remove, StringComparer.Ordinal)
                .Union(change.Add, StringComparer.Ordinal));
            _run.Memory.Messages[change.MessageId] = tags;
            commit.Messages[change.MessageId] = tags;
        }

        foreach (var (retag, target, tracker, recordBase) in retags.Where(r => applied.Contains(r.Retag.MessageId) && r.RecordBase))
        {
            _run.Memory.SetPatch(commit, retag.PatchId, target, tracker);
            commit.OutboxRemove.Add(retag.PatchId);
            _run.Memory.Agreed.Remove(retag.PatchId);
        }

        notApplied.UnionWith(changes.Select(c => c.MessageId).Where(id => !applied.Contains(id)));

        _run.Report.Retagged += applied.Count;
        foreach (var conflict in result.Conflicts)
        {
            // Another client changed it since the read: not recorded, so the next run reads and plans it again.
            _run.Report.Warnings.Add($"{_run.Project.Name}: <{conflict}> was changed by another client while syncing; it is re-read next run");
        }

        foreach (var missing in result.NotFound)
        {
            _run.Report.Warnings.Add($"{_run.Project.Name}: <{missing}> is no longer in {_run.Project.Store.Name}");
        }

        await _run.CommitAsync(commit, $"retagged {applied.Count}");
        return notApplied;
    }

    /// <summary>
    /// The chunk's last commit: agreements that needed no write, and the tracker values read for the chunk's
    /// patches (the planner's tracker side next run for a patch that is not re-read).
    /// </summary>
    private async Task RecordChunkAsync(long[] chunk)
    {
        var commit = new StateCommit();
        foreach (var (id, value) in _run.Memory.Agreed)
        {
            _run.Memory.SetPatch(commit, id, value, _run.Memory.TrackerValue(id));
            commit.OutboxRemove.Add(id);
        }

        _run.Report.Recorded += _run.Memory.Agreed.Count;
        var agreed = _run.Memory.Agreed.Count;
        _run.Memory.Agreed.Clear();
        foreach (var id in chunk)
        {
            _run.Memory.RecordFresh(commit, id);
        }

        await _run.CommitAsync(commit, $"recorded {agreed} of chunk {chunk[0]}..{chunk[^1]}");
    }

    /// <summary>A retag batch sent to the mail store and not yet recorded.</summary>
    private sealed record PendingRetag(
        List<(RetagMail Retag, PatchSnapshot Target, PatchSnapshot Tracker, bool RecordBase)> Retags,
        List<TagChange> Changes,
        Task<ApplyResult> Applying);
}

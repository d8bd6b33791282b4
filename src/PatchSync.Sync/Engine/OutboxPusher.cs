using System.Collections.Concurrent;
using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>
/// Pushes. Every intent is written to the outbox in one commit before anything is sent. Then one read of the
/// event feed tells which of the patches changed on the tracker since the run read them: only those are
/// re-read and compared (compare-and-set); the others are set at once, up to <see cref="SyncProject.Concurrency"/>
/// at a time, each PATCH carrying only the fields the push changes and its answer checked. A second read of the
/// feed then checks each push's own state-change event: its previous state must be the one the push was
/// planned against, or another client's change landed in between and was overwritten, which is logged as a
/// conflict and decided by the rule. The confirmed pushes are committed together. A run that dies in between
/// leaves the intents in the outbox, and the next run re-checks and finishes them.
/// </summary>
internal sealed class OutboxPusher
{
    private readonly RunContext _run;
    private readonly Func<long, PatchSnapshot?, Task> _replan;
    private volatile TrackerForbiddenException? _refused;

    /// <summary>Slack for the tracker's date precision when reading the pushes' own events.</summary>
    private static readonly TimeSpan OwnEventsMargin = TimeSpan.FromSeconds(1);

    /// <summary>Events the run's tracker read took in (incremental runs): changes already in its view of the tracker.</summary>
    private readonly HashSet<long> _eventsTakenIn = [];

    /// <summary>The events this run's own pushes caused, marked seen at the end so the next run does not re-read those patches.</summary>
    private readonly HashSet<long> _ownPushEvents = [];

    /// <param name="run">The run.</param>
    /// <param name="replan">Plans a patch again (after a push that moved, was refused or overwrote), with an optional base.</param>
    public OutboxPusher(RunContext run, Func<long, PatchSnapshot?, Task> replan)
    {
        _run = run;
        _replan = replan;
    }

    /// <summary>Events the run's tracker read took in: a state change among them is already in the run's view.</summary>
    public void TakeInEvents(IEnumerable<long> eventIds) => _eventsTakenIn.UnionWith(eventIds);

    /// <summary>Sends <paramref name="pushes"/> through the outbox (see the type's summary) and records what came of them.</summary>
    public async Task PushAllAsync(List<PushToTracker> pushes)
    {
        if (pushes.Count == 0)
        {
            return;
        }

        var intent = new StateCommit();
        intent.OutboxAdd.AddRange(pushes.Select(p => new PendingPush(p.PatchId, p.MessageId, p.Expected, p.Desired)));
        await _run.CommitAsync(intent, $"outbox {pushes.Count}");

        var before = await ReadEventsAsync(_run.Started - _run.Project.EventsOverlap);
        var changedSinceRead = before is null ? null : StateChangesNotTakenIn(before);
        var outcomes = new ConcurrentBag<PushResult>();
        var done = 0L;
        try
        {
            await Parallel.ForEachAsync(
                pushes,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _run.Project.Concurrency), CancellationToken = _run.CancellationToken },
                async (push, _) =>
                {
                    // Without an event feed every patch is re-read; with one, only those it names.
                    var reRead = changedSinceRead is null || changedSinceRead.Contains(push.PatchId);
                    outcomes.Add(await PushOneAsync(push, reRead));
                    _run.Progress("pushing", Interlocked.Increment(ref done), pushes.Count);
                });
        }
        catch
        {
            // Whatever was confirmed before a failure is recorded; the rest stays in the outbox.
            await RecordPushesAsync(outcomes.ToList(), new Dictionary<long, string>());
            throw;
        }

        var results = outcomes.ToList();
        var overwritten = before is null ? new Dictionary<long, string>() : await FindOverwrittenAsync(results, before);
        await RecordPushesAsync(results, overwritten);
    }

    /// <summary>Patches with a state change in <paramref name="events"/> that the run's tracker read did not take in.</summary>
    private HashSet<long> StateChangesNotTakenIn(IReadOnlyList<TrackerEvent> events) =>
        events.Where(e => e.Category == TrackerEvent.StateChanged && !_eventsTakenIn.Contains(e.Id)).Select(e => e.PatchId).ToHashSet();

    /// <summary>The project's events since <paramref name="since"/>, or null when the tracker has no event feed.</summary>
    private Task<IReadOnlyList<TrackerEvent>?> ReadEventsAsync(DateTimeOffset since) =>
        _run.GuardAsync(SyncArea.Tracker, "reading events", () => _run.Project.Tracker.ListEventsAsync(_run.Project.LinkName, since, _run.CancellationToken));

    private async Task<PushResult> PushOneAsync(PushToTracker push, bool reRead)
    {
        if (_refused is not null)
        {
            // The tracker refused this token once: do not send the others just to hear 403 again.
            return new(push, null, PushOutcome.Refused);
        }

        TrackerPatch? now = null;
        if (reRead)
        {
            // Compare-and-set: never overwrite a tracker change this run has not seen.
            now = await _run.GuardAsync(SyncArea.Tracker, $"re-reading patch {push.PatchId}", () => _run.Project.Tracker.GetPatchAsync(push.PatchId, _run.CancellationToken));
            if (now.Value == push.Desired)
            {
                // Already there (a previous run's push landed before it died): nothing to send.
                return new(push, now, PushOutcome.AlreadyThere);
            }

            if (now.Value != push.Expected)
            {
                return new(push, now, PushOutcome.TrackerMoved);
            }
        }

        string? notApplied = null;
        var updated = await _run.GuardAsync(SyncArea.Tracker, $"setting patch {push.PatchId} to {push.Desired}", async () =>
        {
            try
            {
                return await _run.Project.Tracker.UpdatePatchAsync(push.PatchId, push.Expected, push.Desired, _run.CancellationToken);
            }
            catch (TrackerForbiddenException e)
            {
                _refused ??= e;
                return null;
            }
            catch (TrackerPushNotAppliedException e)
            {
                // A 200 that does not show the change (Patchwork reading an empty body): a failed push.
                notApplied = e.Message;
                return null;
            }
        });
        if (notApplied is not null)
        {
            return new(push, now, PushOutcome.NotApplied, notApplied);
        }

        if (updated is null)
        {
            return new(push, now, PushOutcome.Refused);
        }

        if (!ShowsPush(updated.Value, push))
        {
            // The tracker client checks the answer too; this keeps the engine honest with any ITracker.
            return new(push, updated, PushOutcome.NotApplied, $"patch {push.PatchId}: the tracker answered with {updated.Value}, not {push.Desired}: the change was not applied");
        }

        await _run.StepAsync(SyncStepKind.TrackerPush, $"push {push.PatchId} {push.Desired}");
        return new(push, updated, PushOutcome.Pushed);
    }

    /// <summary>Whether <paramref name="answered"/> holds every field the push changes (the others may have moved meanwhile).</summary>
    private static bool ShowsPush(PatchSnapshot answered, PushToTracker push) =>
        (push.Desired.State == push.Expected.State || answered.State == push.Desired.State)
        && (push.Desired.Archived == push.Expected.Archived || answered.Archived == push.Desired.Archived);

    /// <summary>
    /// Reads the event feed again after the pushes and looks at each push's own state-change event (the first
    /// new one to the pushed state): a previous state other than the one the push was planned against is
    /// another client's change that landed in between. Returns those patches with the state overwritten. A
    /// failed read is a warning: the pushes themselves were confirmed by their answers.
    /// </summary>
    private async Task<Dictionary<long, string>> FindOverwrittenAsync(List<PushResult> results, IReadOnlyList<TrackerEvent> before)
    {
        var overwritten = new Dictionary<long, string>();
        var statePushes = results
            .Where(r => r.Outcome == PushOutcome.Pushed && r.Push.Desired.State != r.Push.Expected.State)
            .ToDictionary(r => r.Push.PatchId, r => r.Push);
        if (statePushes.Count == 0)
        {
            return overwritten;
        }

        IReadOnlyList<TrackerEvent>? after;
        try
        {
            // The pushes' own events were made after the first read answered, so they are dated (by the
            // tracker's clock) no earlier than its newest event: the events before that are not read again.
            var since = before.Count > 0 ? before.Max(e => e.Date) - OwnEventsMargin : _run.Started - _run.Project.EventsOverlap;
            after = await ReadEventsAsync(since);
        }
        catch (SyncAreaException e)
        {
            _run.Report.Warnings.Add($"{_run.Project.Name}: could not read the events of {statePushes.Count} pushes to check that they overwrote nothing: {e.Message}");
            return overwritten;
        }

        var known = before.Select(e => e.Id).ToHashSet();
        var own = (after ?? [])
            .Where(e => e.Category == TrackerEvent.StateChanged && !known.Contains(e.Id)
                && statePushes.TryGetValue(e.PatchId, out var push) && e.CurrentState == push.Desired.State)
            .GroupBy(e => e.PatchId)
            .Select(g => g.MinBy(e => e.Id)!);
        foreach (var e in own)
        {
            _ownPushEvents.Add(e.Id);
            if (e.PreviousState is { } previous && previous != statePushes[e.PatchId].Expected.State)
            {
                overwritten[e.PatchId] = previous;
            }
        }

        return overwritten;
    }

    private async Task RecordPushesAsync(List<PushResult> outcomes, Dictionary<long, string> overwritten)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var commit = new StateCommit();
        var replan = new List<(long PatchId, PatchSnapshot? BaseOverride)>();
        var restore = new List<(PushToTracker Push, PatchSnapshot Now, PatchSnapshot Other)>();
        string? firstNotApplied = null;
        var notApplied = 0;
        foreach (var (push, now, outcome, error) in outcomes.OrderBy(o => o.Push.PatchId))
        {
            if (now is not null)
            {
                _run.Memory.Fresh[push.PatchId] = now;
            }

            switch (outcome)
            {
                case PushOutcome.Pushed:
                    _run.Report.Pushed++;
                    commit.OutboxRemove.Add(push.PatchId);
                    _run.Memory.SetPatch(commit, push.PatchId, push.Desired, now!.Value);
                    if (overwritten.TryGetValue(push.PatchId, out var previous))
                    {
                        LogOverwrite(push, now.Value, previous, commit, restore);
                    }
                    else if (now.Value != push.Desired)
                    {
                        // Another client changed a field this push did not send: the mail follows it.
                        replan.Add((push.PatchId, push.Desired));
                    }

                    break;
                case PushOutcome.AlreadyThere:
                    _run.Memory.Agreed[push.PatchId] = push.Desired;
                    break;
                case PushOutcome.TrackerMoved:
                    commit.OutboxRemove.Add(push.PatchId);
                    _run.Report.Warnings.Add($"{_run.Project.Name}: patch {push.PatchId} changed on the tracker meanwhile ({push.Expected} -> {now!.Value}); replanned");
                    replan.Add((push.PatchId, null));
                    break;
                case PushOutcome.NotApplied:
                    // Kept in the outbox (the mail already holds the value): the next run re-reads the patch and
                    // sends it again. Counted and kept with its error for `pwsync status`.
                    _run.Report.PushesFailed++;
                    commit.OutboxFailed[push.PatchId] = error!;
                    firstNotApplied ??= error;
                    notApplied++;
                    break;
                case PushOutcome.Refused:
                    commit.OutboxRemove.Add(push.PatchId);
                    // Planning with the mail's value as base makes the tracker the only side that "changed": a retag back.
                    replan.Add((push.PatchId, push.Desired));
                    break;
            }
        }

        if (_refused is { } refused && !_run.Report.Errors.Any(e => e.Area == SyncArea.Tracker))
        {
            _run.Report.Errors.Add(new SyncError(SyncArea.Tracker, $"{_run.Project.Name}: {_run.Project.Tracker.Name}: not allowed to change patches of '{_run.Project.LinkName}' ({refused.Message}); mail tags set back to the tracker's states"));
        }

        if (firstNotApplied is not null)
        {
            var more = notApplied > 1 ? $" (and {notApplied - 1} more)" : string.Empty;
            _run.Report.Errors.Add(new SyncError(SyncArea.Tracker, $"{_run.Project.Name}: {_run.Project.Tracker.Name}: push not applied: {firstNotApplied}{more}; kept in the outbox for the next run"));
        }

        await _run.CommitAsync(commit, $"pushed {_run.Report.Pushed}");
        foreach (var (push, now, other) in restore)
        {
            if (await RestoreAsync(push, now, other))
            {
                // The tracker holds the other client's value again; planned against the pushed one, the mail follows it.
                replan.Add((push.PatchId, push.Desired));
            }
        }

        foreach (var (patchId, baseOverride) in replan)
        {
            await _replan(patchId, baseOverride);
        }
    }

    /// <summary>
    /// Pushes a dead run sent but could not check (it died between its PATCHes and the events read after
    /// them) are still in the outbox, and this run's events hold the evidence: a push's own state change
    /// whose previous state is not the one it was planned against overwrote another client's change. Each
    /// is logged as a conflict and decided by the rule, as the run that sent it would have.
    /// </summary>
    public async Task SettleOverwritingPushesAsync(List<TrackerEvent> stateChanges)
    {
        if (_run.State.Outbox.Count == 0 || stateChanges.Count == 0)
        {
            return;
        }

        var commit = new StateCommit();
        var restore = new List<(PushToTracker Push, PatchSnapshot Now, PatchSnapshot Other)>();
        foreach (var entry in _run.State.Outbox.Where(e => e.Desired.State != e.Expected.State))
        {
            if (!_run.Memory.Fresh.TryGetValue(entry.PatchId, out var now) || now.Value.State != entry.Desired.State)
            {
                // The push did not land, or the tracker moved on since: planned as usual.
                continue;
            }

            var own = stateChanges.Where(e => e.PatchId == entry.PatchId && e.CurrentState == entry.Desired.State).MinBy(e => e.Id);
            if (own?.PreviousState is not { } previous || previous == entry.Expected.State)
            {
                continue;
            }

            var push = new PushToTracker(entry.PatchId, entry.MessageId, entry.Expected, entry.Desired);
            LogOverwrite(push, now.Value, previous, commit, restore);
        }

        await _run.CommitAsync(commit, $"log {commit.Conflicts.Count} overwrites of a dead run");
        foreach (var (push, now, other) in restore)
        {
            if (await RestoreAsync(push, now, other) && _run.Memory.Patches.TryGetValue(push.PatchId, out var known))
            {
                // Planned against the pushed value, the tracker is the side that changed: the mail follows it.
                _run.Memory.Patches[push.PatchId] = known with { Base = push.Desired };
            }
        }
    }

    /// <summary>
    /// Logs a push that overwrote another client's <paramref name="previous"/> state as a conflict; under the
    /// tracker rule the patch is queued to be set back to it.
    /// </summary>
    private void LogOverwrite(PushToTracker push, PatchSnapshot now, string previous, StateCommit commit, List<(PushToTracker Push, PatchSnapshot Now, PatchSnapshot Other)> restore)
    {
        var other = now with { State = previous };
        var conflict = OverwriteConflict(push, other);
        commit.Conflicts.Add(conflict);
        _run.Report.Conflicts.Add(conflict);
        if (conflict.Winner == ConflictRule.Tracker)
        {
            restore.Add((push, now, other));
        }
    }

    /// <summary>The conflict between a push and the other client's change it overwrote, decided by the project's rule.</summary>
    private ConflictDecided OverwriteConflict(PushToTracker push, PatchSnapshot other)
    {
        var rule = _run.Project.Planner.Conflict;
        var kept = rule == ConflictRule.Mail ? push.Desired.State : other.State;
        return new ConflictDecided(
            push.PatchId,
            push.MessageId,
            push.Expected,
            other,
            push.Desired,
            rule,
            $"tracker changed '{push.Expected.State}' to '{other.State}' while this run pushed the mail's '{push.Desired.State}' (the push's event shows it overwrote that); the {(rule == ConflictRule.Mail ? "mail" : "tracker")} rule keeps '{kept}'");
    }

    /// <summary>Sets back the other client's value a push overwrote; false (with an error reported) when that fails.</summary>
    private async Task<bool> RestoreAsync(PushToTracker push, PatchSnapshot now, PatchSnapshot other)
    {
        try
        {
            var restored = await _run.GuardAsync(SyncArea.Tracker, $"setting patch {push.PatchId} back to {other}", () =>
                _run.Project.Tracker.UpdatePatchAsync(push.PatchId, now, other, _run.CancellationToken));
            _run.Memory.Fresh[push.PatchId] = restored;
            return true;
        }
        catch (Exception e) when (e is SyncAreaException or TrackerForbiddenException or TrackerPushNotAppliedException)
        {
            _run.Report.Errors.Add(new SyncError(SyncArea.Tracker, $"{_run.Project.Name}: patch {push.PatchId}: could not set back the tracker's '{other.State}' that a push overwrote ({e.Message}); the conflict is logged"));
            return false;
        }
    }

    private enum PushOutcome
    {
        Pushed,
        AlreadyThere,
        TrackerMoved,
        Refused,
        NotApplied,
    }

    /// <summary>What came of one push.</summary>
    /// <param name="Push">The push.</param>
    /// <param name="Now">The patch as the tracker holds it after the attempt (null when nothing was read).</param>
    /// <param name="Outcome">What happened.</param>
    /// <param name="Error">Why a push that was sent did not take effect.</param>
    private sealed record PushResult(PushToTracker Push, TrackerPatch? Now, PushOutcome Outcome, string? Error = null);

    /// <summary>
    /// Marks the events this run's own pushes caused as seen, so the next run does not re-read those patches
    /// (against Patchwork each re-read is a detail request of a few hundred ms). Any other event of such a
    /// patch (another client's change after ours) is left for the next run.
    /// </summary>
    public void MarkOwnPushEventsSeen()
    {
        if (_ownPushEvents.Count == 0 || !_run.FinalCommit.Checkpoints.TryGetValue(CheckpointNames.EventsSeen, out var seenText))
        {
            return;
        }

        _run.FinalCommit.Checkpoints[CheckpointNames.EventsSeen] = EventWindow.AddSeen(seenText, _ownPushEvents);
    }
}

using System.Collections.Concurrent;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>
/// Pushes: every intent is written to the outbox in one commit before anything is sent; then each patch is
/// re-read and, only if the tracker still holds the value the push was planned against, set (up to
/// <see cref="SyncProject.Concurrency"/> at once); the confirmed ones are committed together. A run that
/// dies in between leaves the intents in the outbox, and the next run re-checks and finishes them.
/// </summary>
internal sealed partial class ProjectRun
{
    private volatile TrackerForbiddenException? _refused;

    /// <summary>Patches this run set on the tracker, with the state sent (to recognise the events they cause).</summary>
    private readonly Dictionary<long, string> _pushedStates = [];

    private async Task PushAllAsync(List<PushToTracker> pushes)
    {
        if (pushes.Count == 0)
        {
            return;
        }

        var intent = new StateCommit();
        intent.OutboxAdd.AddRange(pushes.Select(p => new PendingPush(p.PatchId, p.MessageId, p.Expected, p.Desired)));
        await CommitAsync(intent, $"outbox {pushes.Count}");

        var outcomes = new ConcurrentBag<PushResult>();
        var done = 0L;
        try
        {
            await Parallel.ForEachAsync(
                pushes,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _project.Concurrency), CancellationToken = Token },
                async (push, _) =>
                {
                    outcomes.Add(await PushOneAsync(push));
                    Progress("pushing", Interlocked.Increment(ref done), pushes.Count);
                });
        }
        finally
        {
            // Whatever was confirmed before a failure is recorded; the rest stays in the outbox.
            await RecordPushesAsync(outcomes.ToList());
        }
    }

    private async Task<PushResult> PushOneAsync(PushToTracker push)
    {
        if (_refused is not null)
        {
            // The tracker refused this token once: do not send the others just to hear 403 again.
            return new(push, null, PushOutcome.Refused);
        }

        // Compare-and-set: never overwrite a tracker change this run has not seen.
        var now = await GuardAsync(SyncArea.Tracker, $"re-reading patch {push.PatchId}", () => _project.Tracker.GetPatchAsync(push.PatchId, Token));
        if (now.Value == push.Desired)
        {
            // Already there (a previous run's push landed before it died): nothing to send.
            return new(push, now, PushOutcome.AlreadyThere);
        }

        if (now.Value != push.Expected)
        {
            return new(push, now, PushOutcome.TrackerMoved);
        }

        string? notApplied = null;
        var updated = await GuardAsync(SyncArea.Tracker, $"setting patch {push.PatchId} to {push.Desired}", async () =>
        {
            try
            {
                return await _project.Tracker.UpdatePatchAsync(push.PatchId, push.Desired, Token);
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

        if (updated.Value != push.Desired)
        {
            // The gateway checks the answer too; this keeps the engine honest with any gateway.
            return new(push, updated, PushOutcome.NotApplied, $"patch {push.PatchId}: the tracker answered with {updated.Value}, not {push.Desired}: the change was not applied");
        }

        await StepAsync(SyncStepKind.TrackerPush, $"push {push.PatchId} {push.Desired}");
        return new(push, updated, PushOutcome.Pushed);
    }

    private async Task RecordPushesAsync(List<PushResult> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var commit = new StateCommit();
        var replan = new List<(long PatchId, Core.Model.PatchSnapshot? BaseOverride)>();
        string? firstNotApplied = null;
        var notApplied = 0;
        foreach (var (push, now, outcome, error) in outcomes.OrderBy(o => o.Push.PatchId))
        {
            if (now is not null)
            {
                _fresh[push.PatchId] = now;
            }

            switch (outcome)
            {
                case PushOutcome.Pushed:
                    _report.Pushed++;
                    _pushedStates[push.PatchId] = push.Desired.State;
                    commit.OutboxRemove.Add(push.PatchId);
                    SetPatch(commit, push.PatchId, push.Desired, now!.Value);
                    break;
                case PushOutcome.AlreadyThere:
                    _agreed[push.PatchId] = push.Desired;
                    break;
                case PushOutcome.TrackerMoved:
                    commit.OutboxRemove.Add(push.PatchId);
                    _report.Warnings.Add($"{_project.Name}: patch {push.PatchId} changed on the tracker meanwhile ({push.Expected} -> {now!.Value}); replanned");
                    replan.Add((push.PatchId, null));
                    break;
                case PushOutcome.NotApplied:
                    // Kept in the outbox (the mail already holds the value): the next run re-reads the patch and
                    // sends it again. Counted and kept with its error for `pwsync status`.
                    _report.PushesFailed++;
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

        if (_refused is { } refused && !_report.Errors.Any(e => e.Area == SyncArea.Tracker))
        {
            _report.Errors.Add(new SyncError(SyncArea.Tracker, $"{_project.Name}: {_project.Tracker.Name}: not allowed to change patches of '{_project.LinkName}' ({refused.Message}); mail tags set back to the tracker's states"));
        }

        if (firstNotApplied is not null)
        {
            var more = notApplied > 1 ? $" (and {notApplied - 1} more)" : string.Empty;
            _report.Errors.Add(new SyncError(SyncArea.Tracker, $"{_project.Name}: {_project.Tracker.Name}: push not applied: {firstNotApplied}{more}; kept in the outbox for the next run"));
        }

        await CommitAsync(commit, $"pushed {_report.Pushed}");
        foreach (var (patchId, baseOverride) in replan)
        {
            await ReplanAsync(patchId, baseOverride);
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

    /// <param name="Now">The patch as the tracker holds it after the attempt (null when nothing was read).</param>
    /// <param name="Error">Why a push that was sent did not take effect.</param>
    private sealed record PushResult(PushToTracker Push, TrackerPatch? Now, PushOutcome Outcome, string? Error = null);

    /// <summary>
    /// Marks the events this run's own pushes caused as seen, so the next run does not re-read those patches
    /// (against Patchwork each re-read is a detail request of a few hundred ms; one events page covers many
    /// pushes). Only a state change to exactly the state pushed counts; any other event of such a patch
    /// (another client's change after ours) is left for the next run. A failure here costs nothing but
    /// those re-reads, so it is not an error.
    /// </summary>
    private async Task MarkOwnPushEventsSeenAsync()
    {
        if (_pushedStates.Count == 0 || !_finalCommit.Checkpoints.TryGetValue(CheckpointNames.EventsSeen, out var seenText))
        {
            return;
        }

        IReadOnlyList<TrackerEvent>? events;
        try
        {
            events = await _project.Tracker.ListEventsAsync(_project.LinkName, _started - _project.EventsOverlap, Token);
        }
        catch (TrackerGatewayException)
        {
            return;
        }

        var own = (events ?? [])
            .Where(e => e.Category == "patch-state-changed" && _pushedStates.TryGetValue(e.PatchId, out var state) && e.CurrentState == state)
            .Select(e => e.Id);
        var seen = ParseIds(seenText);
        seen.UnionWith(own);
        _finalCommit.Checkpoints[CheckpointNames.EventsSeen] = string.Join(',', seen.Order());
    }
}

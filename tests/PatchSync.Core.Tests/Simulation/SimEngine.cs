using PatchSync.Core.Planning;

namespace PatchSync.Core.Tests.Simulation;

/// <summary>
/// Carries out plans against a <see cref="SimWorld"/> following the protocol docs/sync-rules.md asks of the
/// real engine, one side effect per step, so a run can be cut after any step (the isync way):
/// <list type="number">
/// <item>resolve the outbox left by a dead run (tracker holds Desired: the push landed, record it; else drop it);</item>
/// <item>plan; commit the conflicts log;</item>
/// <item>retag mails (compare-and-set: skipped if the mail changed since it was read);</item>
/// <item>commit the outbox (pushes of patches whose retag went through);</item>
/// <item>push (compare-and-set: skipped if the tracker no longer holds Expected);</item>
/// <item>commit the new bases of patches whose every action succeeded, and clear the outbox.</item>
/// </list>
/// </summary>
internal sealed class SimEngine(SimWorld world, PlannerOptions options, EditLedger? ledger = null)
{
    private int _steps;
    private int? _crashAfter;
    private int _editAt;
    private SimEdit? _concurrent;

    /// <summary>Side effects carried out by the last run.</summary>
    public int Steps => _steps;

    /// <summary>Runs once. Returns the plan it made.</summary>
    /// <exception cref="SimulatedCrash">The run was cut after <paramref name="crashAfter"/> steps.</exception>
    public IReadOnlyList<PlannedAction> Run(int? crashAfter = null, int editAt = 0, SimEdit? concurrent = null)
    {
        (_steps, _crashAfter, _editAt, _concurrent) = (0, crashAfter, editAt, concurrent);

        foreach (var (patch, push) in world.Outbox.ToList())
        {
            Step(() =>
            {
                if (world.Tracker[patch] == push.Desired)
                {
                    world.Base[patch] = push.Desired;
                }

                world.Outbox.Remove(patch);
            });
        }

        ledger?.Reading();
        var read = world.Mail.ToDictionary(kv => kv.Key, kv => new HashSet<string>(kv.Value, StringComparer.Ordinal));
        var inputs = world.Tracker.Keys.Select(id => new PatchSyncInput(
            id, $"m{id}@example.org", world.Base.GetValueOrDefault(id), world.Tracker[id], read[id]));
        var plan = SyncPlanner.Plan(inputs, options);
        var failed = new HashSet<long>();

        var conflicts = plan.OfType<ConflictDecided>().ToList();
        if (conflicts.Count > 0)
        {
            Step(() => world.Conflicts.AddRange(conflicts));
        }

        foreach (var retag in plan.OfType<RetagMail>())
        {
            Step(() =>
            {
                var tags = world.Mail[retag.PatchId];
                if (!tags.SetEquals(read[retag.PatchId]))
                {
                    failed.Add(retag.PatchId);
                    return;
                }

                tags.ExceptWith(retag.Remove);
                tags.UnionWith(retag.Add);
            });
        }

        var pushes = plan.OfType<PushToTracker>().Where(p => !failed.Contains(p.PatchId)).ToList();
        if (pushes.Count > 0)
        {
            Step(() => pushes.ForEach(p => world.Outbox[p.PatchId] = p));
        }

        foreach (var push in pushes)
        {
            Step(() =>
            {
                var now = world.Tracker[push.PatchId];
                if (now != push.Expected)
                {
                    failed.Add(push.PatchId);
                    return;
                }

                if (now == push.Desired)
                {
                    throw new InvalidOperationException($"push of a value the tracker already has: {push}");
                }

                world.Tracker[push.PatchId] = push.Desired;
            });
        }

        var records = plan.OfType<RecordSynced>().Where(r => !failed.Contains(r.PatchId)).ToList();
        if (records.Count > 0 || pushes.Count > 0)
        {
            Step(() =>
            {
                records.ForEach(r => world.Base[r.PatchId] = r.Value);
                pushes.ForEach(p => world.Outbox.Remove(p.PatchId));
            });
        }

        return plan;
    }

    private void Step(Action effect)
    {
        if (_concurrent is not null && _steps == _editAt)
        {
            if (world.Apply(_concurrent))
            {
                ledger?.Edited(_concurrent);
            }

            _concurrent = null;
        }

        if (_steps == _crashAfter)
        {
            throw new SimulatedCrash();
        }

        effect();
        _steps++;
        ledger?.Observe();
    }
}

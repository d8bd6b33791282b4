using CsCheck;
using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Tags;

namespace PatchSync.Core.Tests.Simulation;

/// <summary>
/// Random sequences of tracker edits, mail edits, runs, runs cut short (crashes) and edits made while a run
/// is in flight: afterwards two clean runs must leave tracker, mail and base equal, with every user edit
/// either propagated or in the conflicts log.
/// </summary>
public class ConvergenceTests
{
    private static readonly string[] States = ["new", "under-review", "accepted", "rejected"];
    private static readonly TagMapping Mapping = new();

    private static readonly Gen<string> GenState = Gen.Int[0, States.Length - 1].Select(i => States[i]);

    private static readonly Gen<SimEdit> GenEdit =
        Gen.Select(Gen.Int[1, 3], Gen.Int[0, 5], GenState, (p, kind, state) => new SimEdit(p, (SimEditKind)kind, state));

    private static readonly Gen<SimOp> GenOp = Gen.Frequency(
        (3, GenEdit.Select(e => (SimOp)new EditOp(e))),
        (2, Gen.Select(Gen.Int[0, 9], Gen.Int[0, 2], Gen.Int[0, 9], Gen.Int[0, 2], GenEdit,
            (crashAt, crash, editAt, concurrent, edit) =>
                (SimOp)new RunOp(crash == 0 ? crashAt : null, editAt, concurrent == 0 ? edit : null))));

    /// <summary>Per patch: the tracker's first value and the mail's tags before the first sync.</summary>
    private static readonly Gen<(PatchSnapshot Tracker, string Tags)> GenStart = Gen.Select(
        GenState, Gen.Bool, Gen.Int[0, 3], GenState,
        (state, archived, mailKind, mailState) => (new PatchSnapshot(state, archived), mailKind switch
        {
            0 => "",
            1 => "pw-" + mailState,
            2 => "pw-" + mailState + " pw-archived inbox",
            _ => "pw-" + state + (archived ? " pw-archived" : ""),
        }));

    [Theory]
    [InlineData(ConflictRule.Tracker)]
    [InlineData(ConflictRule.Mail)]
    public void RandomEditsRunsAndCrashes_AlwaysConverge_WithNoEditLost(ConflictRule rule)
    {
        Gen.Select(GenStart.Array[3], GenOp.Array[1, 30]).Sample(
            (start, ops) => Replay(rule, start, ops),
            iter: 4000,
            threads: 1,
            print: t => string.Join(", ", t.Item1.Select(s => $"{s.Tracker}/[{s.Tags}]")) + " :: " + string.Join(", ", t.Item2.Select(o => o.ToString())));
    }

    [Fact]
    public void MailEditInTheRunAfterAPush_IsPushed_EvenWhenThePushRunDiedBeforeRecording()
    {
        // The pwnm-sync bug: the maintainer's second mail edit, made after pwsync pushed the first, must
        // reach the tracker rather than be overwritten with the tracker's pre-push state.
        foreach (var crashAfterPush in new[] { false, true })
        {
            var world = NewWorld(("new", ""));
            var engine = new SimEngine(world, new PlannerOptions(Mapping));
            engine.Run();
            world.Apply(new SimEdit(1, SimEditKind.MailSetState, "accepted"));
            if (crashAfterPush)
            {
                // Steps: enqueue (0), push (1), record (2): cut before the record.
                Assert.Throws<SimulatedCrash>(() => engine.Run(crashAfter: 2));
                Assert.Equal("accepted", world.Tracker[1].State);
                Assert.Equal("new", world.Base[1].State);
            }
            else
            {
                engine.Run();
            }

            world.Apply(new SimEdit(1, SimEditKind.MailSetState, "rejected"));
            var plan = engine.Run();

            Assert.DoesNotContain(plan, a => a is ConflictDecided);
            Assert.Equal("rejected", world.Tracker[1].State);
            Assert.Equal(["pw-rejected"], world.Mail[1]);
        }
    }

    [Fact]
    public void InterruptedAfterEveryStep_ThenResumed_EndsLikeAnUninterruptedRun()
    {
        // The isync crash test: count the side effects of one uninterrupted run, then for every n cut a fresh
        // copy of the same world after n of them, resume, and require the same final world.
        var start = NewWorld(("new", "pw-new"), ("accepted+a", "pw-accepted pw-archived"), ("new", "pw-new"), ("rejected", "pw-rejected"));
        new SimEngine(start, new PlannerOptions(Mapping)).Run();
        start.Apply(new SimEdit(1, SimEditKind.MailSetState, "accepted"));       // push
        start.Apply(new SimEdit(2, SimEditKind.TrackerArchived, ""));            // retag
        start.Apply(new SimEdit(3, SimEditKind.TrackerState, "under-review"));   // conflict...
        start.Apply(new SimEdit(3, SimEditKind.MailSetState, "rejected"));       // ...the tracker wins
        start.Apply(new SimEdit(4, SimEditKind.MailArchived, ""));               // field-wise merge with...
        start.Apply(new SimEdit(4, SimEditKind.TrackerState, "accepted"));       // ...a tracker state change

        var reference = start.Clone();
        var full = new SimEngine(reference, new PlannerOptions(Mapping));
        full.Run();
        var steps = full.Steps;
        Assert.True(steps >= 8, $"only {steps} steps");

        for (var n = 0; n < steps; n++)
        {
            var world = start.Clone();
            var engine = new SimEngine(world, new PlannerOptions(Mapping));
            Assert.Throws<SimulatedCrash>(() => engine.Run(crashAfter: n));
            engine.Run();
            Assert.Empty(engine.Run());
            Assert.Equal(reference.Describe(), world.Describe());
            Assert.Contains(world.Conflicts, c => c.PatchId == 3 && c.Mail.State == "rejected");
        }
    }

    private static void Replay(ConflictRule rule, (PatchSnapshot Tracker, string Tags)[] start, SimOp[] ops)
    {
        var world = new SimWorld(Mapping);
        for (var i = 0; i < start.Length; i++)
        {
            world.Tracker[i + 1] = start[i].Tracker;
            world.Mail[i + 1] = PlanTextTags(start[i].Tags);
        }

        var ledger = new EditLedger(world);
        var engine = new SimEngine(world, new PlannerOptions(Mapping, rule), ledger);
        foreach (var op in ops)
        {
            switch (op)
            {
                case EditOp e:
                    if (world.Apply(e.Edit))
                    {
                        ledger.Edited(e.Edit);
                    }

                    break;
                case RunOp r:
                    try
                    {
                        engine.Run(r.CrashAfter, r.EditAt, r.Concurrent);
                    }
                    catch (SimulatedCrash)
                    {
                    }

                    break;
            }
        }

        engine.Run();
        var last = engine.Run();
        Assert.True(last.Count == 0, "a second clean run still planned: " + string.Join("; ", last) + " in " + world.Describe());
        foreach (var id in world.Tracker.Keys)
        {
            Assert.True(world.Base.TryGetValue(id, out var b) && b == world.Tracker[id], "tracker and base differ: " + world.Describe());
            Assert.True(
                world.Mail[id].Where(Mapping.IsOwned).ToHashSet().SetEquals(Mapping.TagsFor(b)),
                "mail and base differ: " + world.Describe());
        }

        Assert.Empty(world.Outbox);
        Assert.True(!ledger.Unsettled.Any(), "edits lost: " + string.Join(", ", ledger.Unsettled) + " in " + world.Describe());
    }

    private static HashSet<string> PlanTextTags(string tags) =>
        tags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    private static SimWorld NewWorld(params (string Tracker, string Tags)[] patches)
    {
        var world = new SimWorld(Mapping);
        for (var i = 0; i < patches.Length; i++)
        {
            world.Tracker[i + 1] = Planning.PlanText.Snapshot(patches[i].Tracker)!;
            world.Mail[i + 1] = PlanTextTags(patches[i].Tags);
        }

        return world;
    }
}

namespace PatchSync.Sync.Tests.Engine;

/// <summary>Plan execution on its own: a chunk's plan carried out in the crash-safe order, and recorded.</summary>
public class PlanExecutorTests
{
    private static async Task<(RunParts Parts, PlanExecutor Executor, List<PlannedAction> Plan)> PlanPatchOneAsync(SyncHarness harness)
    {
        var parts = await RunParts.OpenAsync(harness);
        var run = parts.Run;
        var mail = new MailIntake(run, new StateLoader(run));
        await mail.ReadAsync();
        run.Memory.Remember(harness.Tracker.Patches[1]);
        await new StateLoader(run).EnsureLoadedAsync([1]);
        PlanExecutor executor = null!;
        var pusher = new OutboxPusher(run, (id, baseOverride) => executor.ReplanAsync(id, baseOverride));
        executor = new PlanExecutor(run, (id, baseOverride) => run.Memory.Input(id, baseOverride), pusher);
        parts.Steps.Clear();
        return (parts, executor, SyncPlanner.Plan([run.Memory.Input(1)!], run.Project.Planner).ToList());
    }

    [Fact]
    public async Task ExecuteAsync_TrackerChange_RetagsTheMail_ThenRecordsTheBase()
    {
        using var harness = new SyncHarness();
        harness.AddPatch(1, "new");
        await harness.RunAsync();
        harness.Tracker.Set(1, "accepted");
        var (parts, executor, plan) = await PlanPatchOneAsync(harness);
        await using var _ = parts;

        await executor.ExecuteAsync(plan, [1]);

        Assert.Contains("pw-accepted", harness.Mail.TagsOf(harness.MessageId(1)));
        Assert.Equal(["MailWrite retag 1", "StateCommit retagged 1"], parts.Steps);
        Assert.Equal(1, parts.Run.Report.Retagged);
        var stored = await parts.Store.LoadAsync(harness.Scope, CancellationToken.None);
        Assert.Equal(new PatchSnapshot("accepted", false), stored.Patches[1].Base);
        Assert.NotNull(executor.CheckpointPastWrites);
    }

    [Fact]
    public async Task ExecuteAsync_MailEdit_IsPushedThroughTheOutbox()
    {
        using var harness = new SyncHarness();
        harness.AddPatch(1, "new");
        await harness.RunAsync();
        harness.Mail.UserTag(harness.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        var (parts, executor, plan) = await PlanPatchOneAsync(harness);
        await using var _ = parts;

        await executor.ExecuteAsync(plan, [1]);

        Assert.Equal("accepted", harness.Tracker[1].State);
        Assert.Equal(["StateCommit outbox 1", "TrackerPush push 1 accepted", "StateCommit pushed 1"], parts.Steps);
        Assert.Equal(1, parts.Run.Report.Pushed);
    }

    [Fact]
    public async Task ExecuteAsync_BothAgree_RecordsWithTheChunkOnly()
    {
        using var harness = new SyncHarness();
        harness.AddPatch(1, "new");
        await harness.RunAsync();
        harness.Tracker.Set(1, "accepted");
        harness.Mail.UserTag(harness.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        var (parts, executor, plan) = await PlanPatchOneAsync(harness);
        await using var _ = parts;
        var writes = harness.Mail.Writes;

        await executor.ExecuteAsync(plan, [1]);

        Assert.Equal(["StateCommit recorded 1 of chunk 1..1"], parts.Steps);
        Assert.Equal(1, parts.Run.Report.Recorded);
        Assert.Equal(writes, harness.Mail.Writes);
    }
}

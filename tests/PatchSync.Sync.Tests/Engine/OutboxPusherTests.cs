namespace PatchSync.Sync.Tests.Engine;

/// <summary>Outbox pushing on its own: intent before PATCH, what each outcome records, and what is replanned.</summary>
public class OutboxPusherTests
{
    private static readonly PatchSnapshot New = new("new", false);
    private static readonly PatchSnapshot Accepted = new("accepted", false);

    private static async Task<(RunParts Parts, OutboxPusher Pusher, List<(long Id, PatchSnapshot? Base)> Replans, PushToTracker Push)> PushOneAsync(SyncHarness harness)
    {
        harness.AddPatch(1, "new", "pw-new");
        var parts = await RunParts.OpenAsync(harness);
        parts.Run.Memory.Remember(harness.Tracker.Patches[1]);
        var replans = new List<(long, PatchSnapshot?)>();
        var pusher = new OutboxPusher(parts.Run, (id, baseOverride) =>
        {
            replans.Add((id, baseOverride));
            return Task.CompletedTask;
        });
        return (parts, pusher, replans, new PushToTracker(1, harness.MessageId(1), New, Accepted));
    }

    [Fact]
    public async Task PushAllAsync_Landed_OutboxBeforeThePatch_ThenRecordedAsTheBase()
    {
        using var harness = new SyncHarness();
        var (parts, pusher, replans, push) = await PushOneAsync(harness);
        await using var _ = parts;

        await pusher.PushAllAsync([push]);

        Assert.Equal(Accepted, harness.Tracker[1]);
        Assert.Equal(["StateCommit outbox 1", "TrackerPush push 1 accepted", "StateCommit pushed 1"], parts.Steps);
        Assert.Equal(1, parts.Run.Report.Pushed);
        Assert.Empty(replans);
        var stored = await parts.Store.LoadAsync(harness.Scope, CancellationToken.None);
        Assert.Empty(stored.Outbox);
        Assert.Equal(Accepted, stored.Patches[1].Base);
        // The push's own event is known, not only a comparison with the answer.
        Assert.Equal(0, harness.Tracker.Gets);
    }

    [Fact]
    public async Task PushAllAsync_Forbidden_ReplansAgainstThePushedValue_AndReportsOnce()
    {
        using var harness = new SyncHarness();
        var (parts, pusher, replans, push) = await PushOneAsync(harness);
        await using var _ = parts;
        harness.Tracker.Forbid = true;

        await pusher.PushAllAsync([push]);

        Assert.Equal(New, harness.Tracker[1]);
        Assert.Equal([(1L, (PatchSnapshot?)Accepted)], replans);
        Assert.Single(parts.Run.Report.Errors, e => e.Area == SyncArea.Tracker);
        Assert.Empty((await parts.Store.LoadAsync(harness.Scope, CancellationToken.None)).Outbox);
    }

    [Fact]
    public async Task PushAllAsync_TrackerMovedSinceTheRead_IsNotSent_AndReplanned()
    {
        using var harness = new SyncHarness();
        var (parts, pusher, replans, push) = await PushOneAsync(harness);
        await using var _ = parts;
        harness.Tracker.Set(1, "rejected");

        await pusher.PushAllAsync([push]);

        Assert.Equal("rejected", harness.Tracker[1].State);
        Assert.Equal(0, harness.Tracker.Updates);
        Assert.Equal([(1L, (PatchSnapshot?)null)], replans);
        Assert.Contains(parts.Run.Report.Warnings, w => w.Contains("changed on the tracker meanwhile", StringComparison.Ordinal));
        Assert.Equal("rejected", parts.Run.Memory.Fresh[1].Value.State);
    }

    [Fact]
    public async Task PushAllAsync_NotApplied_StaysInTheOutboxWithItsError()
    {
        using var harness = new SyncHarness();
        var (parts, pusher, replans, push) = await PushOneAsync(harness);
        await using var _ = parts;
        harness.Tracker.IgnoreUpdates = true;

        await pusher.PushAllAsync([push]);

        Assert.Equal(1, parts.Run.Report.PushesFailed);
        Assert.Empty(replans);
        Assert.Equal(1, Assert.Single((await parts.Store.LoadAsync(harness.Scope, CancellationToken.None)).Outbox).PatchId);
    }

    [Fact]
    public async Task MarkOwnPushEventsSeen_AddsThePushesOwnEventsToTheSeenIds()
    {
        using var harness = new SyncHarness();
        var (parts, pusher, _, push) = await PushOneAsync(harness);
        await using var __ = parts;
        parts.Run.FinalCommit.Checkpoints[CheckpointNames.EventsSeen] = string.Empty;

        await pusher.PushAllAsync([push]);
        pusher.MarkOwnPushEventsSeen();

        Assert.NotEqual(string.Empty, parts.Run.FinalCommit.Checkpoints[CheckpointNames.EventsSeen]);
    }
}

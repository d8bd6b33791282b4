using PatchSync.Core.Diagnostics;
using PatchSync.Core.Model;
using PatchSync.Core.Ports;
using PatchSync.Testing;

namespace PatchSync.State.Tests;

/// <summary>The SQLite store through the engine's <see cref="IStateStore"/> port, reopened from its file.</summary>
public sealed class StatePortTests
{
    private static readonly StateScope Scope = new("https://pw.example.org", "widgets", "mail");
    private static readonly PatchSnapshot New = new("new", false);
    private static readonly PatchSnapshot AcceptedArchived = new("accepted", true);

    [Fact]
    public async Task CommitAsync_ThreeKindsOfPatch_LoadAsyncReadsThemBackAfterReopening()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        await using (var store = await StateStore.OpenAsync(path))
        {
            var commit = new StateCommit();
            commit.Patches[1] = new PatchRecord(1, "a@x", null, New);
            commit.Patches[2] = new PatchRecord(2, "b@x", New, New);
            commit.Patches[3] = new PatchRecord(3, "c@x", New, AcceptedArchived);
            commit.Messages["a@x"] = new HashSet<string>(["pw-new"], StringComparer.Ordinal);
            commit.Checkpoints["events.cursor"] = "2026-12-03T00:00:00.0000000Z";
            await ((IStateStore)store).CommitAsync(Scope, commit, default);
        }

        await using var reopened = await StateStore.OpenAsync(path);
        var state = await ((IStateStore)reopened).LoadAsync(Scope, default);

        Assert.Equal(new PatchRecord(1, "a@x", null, New), state.Patches[1]);
        Assert.Equal(new PatchRecord(2, "b@x", New, New), state.Patches[2]);
        Assert.Equal(new PatchRecord(3, "c@x", New, AcceptedArchived), state.Patches[3]);
        Assert.Equal(["pw-new"], state.Messages["a@x"]);
        Assert.Equal("2026-12-03T00:00:00.0000000Z", state.Checkpoints["events.cursor"]);
        var byMessage = await ((IStateStore)reopened).LoadPatchesByMessageAsync(Scope, ["c@x"], default);
        Assert.Equal(AcceptedArchived, Assert.Single(byMessage).Value.Tracker);
    }

    [Fact]
    public async Task CommitAsync_OutboxAddedFailedThenRemoved_FollowsThePendingPush()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        var push = new PendingPush(5, "e@x", New, AcceptedArchived);
        await using (var store = await StateStore.OpenAsync(path))
        {
            var add = new StateCommit();
            add.OutboxAdd.Add(push);
            await ((IStateStore)store).CommitAsync(Scope, add, default);
            var fail = new StateCommit();
            fail.OutboxFailed[5] = "503 Service Unavailable";
            await ((IStateStore)store).CommitAsync(Scope, fail, default);
        }

        await using var reopened = await StateStore.OpenAsync(path);
        IStateStore port = reopened;
        var header = await port.LoadHeaderAsync(Scope, default);
        Assert.Equal([push], header.Outbox);
        Assert.Empty(header.Patches);
        var entry = Assert.Single(await reopened.LoadOutboxAsync());
        Assert.Equal((1, "503 Service Unavailable"), (entry.Attempts, entry.LastError));

        var remove = new StateCommit();
        remove.OutboxRemove.Add(5);
        await port.CommitAsync(Scope, remove, default);

        Assert.Empty((await port.LoadHeaderAsync(Scope, default)).Outbox);
    }

    [Fact]
    public async Task EndRunAsync_Summary_IsTheRunsLogEntry()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        IStateStore port = store;

        var id = await port.BeginRunAsync(default);
        await port.EndRunAsync(id, new RunSummary(RunSummaryOutcome.PartlyFailed, new Dictionary<string, long> { ["pushes"] = 2 }, new PhaseTimings(), "one failed"), default);

        var run = Assert.Single(await store.LoadRunsAsync());
        Assert.Equal((id, RunSummaryOutcome.PartlyFailed, 2L, "one failed"), (run.Id, run.Result, run.Counts["pushes"], run.Error));
    }
}

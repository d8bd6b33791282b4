using Microsoft.Extensions.Time.Testing;
using PatchSync.Core.Diagnostics;
using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.State.Model;
using PatchSync.Testing;

namespace PatchSync.State.Tests;

public class RunsAndStatusTests
{
    private const string Tracker = "https://patchwork.example.org";

    [Fact]
    public async Task EndRunAsync_StoresOutcomeCountsAndTimings()
    {
        using var temp = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var store = await StateStore.OpenAsync(temp.File("state.db"), time);
        var timings = new PhaseTimings();
        timings.Add("tracker.http", TimeSpan.FromSeconds(1.5));
        timings.Count("pushes", 3);

        var id = await store.BeginRunAsync();
        time.Advance(TimeSpan.FromSeconds(42));
        await store.EndRunAsync(id, RunOutcome.From(RunSummaryOutcome.PartlyFailed, timings, "1 push refused (403)"));

        var run = Assert.Single(await store.LoadRunsAsync());
        Assert.Equal(id, run.Id);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), run.Started);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 42, TimeSpan.Zero), run.Ended);
        Assert.Equal(RunSummaryOutcome.PartlyFailed, run.Result);
        Assert.Equal(3, run.Counts["pushes"]);
        Assert.Equal(1.5, run.TimingsSeconds["tracker.http"], 6);
        Assert.Equal("1 push refused (403)", run.Error);
    }

    [Fact]
    public async Task BeginRunAsync_NeverEnded_ShowsAsInterruptedAfterReopen()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        await using (var store = await StateStore.OpenAsync(path))
        {
            var done = await store.BeginRunAsync();
            await store.EndRunAsync(done, new RunOutcome(RunSummaryOutcome.Succeeded));
            await store.BeginRunAsync();
        }

        await using (var store = await StateStore.OpenAsync(path))
        {
            var runs = await store.LoadRunsAsync();
            Assert.Equal(2, runs.Count);
            Assert.Null(runs[0].Ended);
            Assert.Null(runs[0].Result);
            Assert.Equal(RunSummaryOutcome.Succeeded, runs[1].Result);
            Assert.Empty(runs[1].Counts);
            Assert.Equal(runs[0].Id, (await store.GetStatusAsync()).LastRun!.Id);
        }
    }

    [Fact]
    public async Task EndRunAsync_UnknownRun_IsRefused()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.EndRunAsync(77, new RunOutcome(RunSummaryOutcome.Failed)));
    }

    [Fact]
    public async Task GetStatusAsync_CountsPerProjectAndState_OutboxAndConflicts()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        var empty = await store.GetStatusAsync();
        Assert.Null(empty.LastRun);
        Assert.Empty(empty.Projects);
        Assert.Equal((0, 0L), (empty.OutboxSize, empty.ConflictCount));

        await using (var tx = await store.BeginAsync())
        {
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(1, "a", new PatchSnapshot("new", false), new PatchSnapshot("new", false)));
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(2, "b", new PatchSnapshot("new", true), new PatchSnapshot("new", true)));
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(3, "c", new PatchSnapshot("accepted", true), new PatchSnapshot("accepted", true)));
            tx.UpsertPatch(Tracker, "git", new PatchRecord(1, "d", new PatchSnapshot("rejected", false), new PatchSnapshot("rejected", false)));
            tx.EnqueuePush(Tracker, "git", new PushToTracker(1, "d", new PatchSnapshot("rejected", false), new PatchSnapshot("new", false)));
            for (var i = 0; i < 12; i++)
            {
                tx.LogConflict(Tracker, "linux", new ConflictDecided(i, "m", null, new PatchSnapshot("new", false), new PatchSnapshot("accepted", false), ConflictRule.Tracker, $"r{i}"));
            }

            await tx.CommitAsync();
        }

        var status = await store.GetStatusAsync();
        var linux = status.Projects.Single(p => p.Project == "linux");
        Assert.Equal(3, linux.Total);
        Assert.Equal(2, linux.PerState["new"]);
        Assert.Equal(1, linux.PerState["accepted"]);
        Assert.Equal(2, linux.Archived);
        Assert.Equal(1, status.Projects.Single(p => p.Project == "git").PerState["rejected"]);
        Assert.Equal(1, status.OutboxSize);
        Assert.Equal(12, status.ConflictCount);
        Assert.Equal(10, status.RecentConflicts.Count);
        Assert.Equal("r11", status.RecentConflicts[0].Reason);
    }
}

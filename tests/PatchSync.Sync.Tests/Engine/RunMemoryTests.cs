namespace PatchSync.Sync.Tests.Engine;

/// <summary>The run's memory: the planner's input from stored and fresh values, records, and forgetting a chunk.</summary>
public class RunMemoryTests
{
    private static readonly PatchSnapshot New = new("new", false);
    private static readonly PatchSnapshot Accepted = new("accepted", false);
    private static readonly PatchSnapshot Rejected = new("rejected", true);
    private static readonly DateTimeOffset Date = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TrackerPatch Patch(long id, PatchSnapshot value, string? delegateName = null, string? checks = null, long? series = null) =>
        new(id, $"m{id}@x", value, Date, delegateName, checks, series);

    private static HashSet<string> Tags(params string[] tags) => new(tags, StringComparer.Ordinal);

    [Fact]
    public void Input_UnknownPatch_IsNull() => Assert.Null(new RunMemory().Input(1));

    [Fact]
    public void Input_StoredOnly_UsesTheStoredTrackerValueAndBase_AndNoExtraTags()
    {
        var memory = new RunMemory("pw-");
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, Accepted);
        memory.Messages["m1@x"] = Tags("pw-new");
        Assert.Equal(new PatchSyncInput(1, "m1@x", New, Accepted, memory.Messages["m1@x"], null), memory.Input(1));
    }

    [Fact]
    public void Input_Fresh_WinsOverTheStoredTrackerValue()
    {
        var memory = new RunMemory();
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, New);
        memory.Remember(Patch(1, Accepted));
        var input = memory.Input(1)!;
        Assert.Equal(Accepted, input.Tracker);
        Assert.Equal(New, input.Base);
        Assert.Null(input.MailTags);
        Assert.Contains(1L, memory.Touched);
    }

    [Fact]
    public void Input_BaseOverride_WinsOverTheStoredBase()
    {
        var memory = new RunMemory();
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, New);
        Assert.Equal(Rejected, memory.Input(1, Rejected)!.Base);
    }

    [Fact]
    public void Input_ALandedPushOfTheOutbox_IsTheBase()
    {
        var memory = new RunMemory();
        memory.TakeOutbox([new PendingPush(1, "m1@x", New, Accepted), new PendingPush(2, "m2@x", New, Accepted)]);
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, New);
        memory.Patches[2] = new PatchRecord(2, "m2@x", New, New);
        memory.Remember(Patch(1, Accepted));
        memory.Remember(Patch(2, Rejected));
        Assert.Equal(Accepted, memory.Input(1)!.Base);
        Assert.Equal(New, memory.Input(2)!.Base);
    }

    [Fact]
    public void Input_ExtraTags_OnlyForFreshPatches_WhenTheProjectKeepsThem()
    {
        var memory = new RunMemory("pw-");
        memory.SeriesComplete[9] = true;
        memory.Remember(Patch(1, New, "Alice", "success", 9));
        memory.Patches[2] = new PatchRecord(2, "m2@x", New, New);
        Assert.Equal(Tags("pw-delegate-alice", "pw-checks-success", "pw-series-complete"), memory.Input(1)!.ExtraTags!.ToHashSet());
        Assert.Null(memory.Input(2)!.ExtraTags);

        var without = new RunMemory();
        without.Remember(Patch(1, New, "Alice"));
        Assert.Null(without.Input(1)!.ExtraTags);
    }

    [Fact]
    public void AgreeOnLandedPushes_OnlyWhenBothSidesHoldItAndNothingIsPlanned()
    {
        var memory = new RunMemory();
        memory.TakeOutbox([new PendingPush(1, "m1@x", New, Accepted), new PendingPush(2, "m2@x", New, Accepted)]);
        var landed = new PatchSyncInput(1, "m1@x", Accepted, Accepted, null);
        var planned = new PatchSyncInput(2, "m2@x", Accepted, Accepted, null);
        var notPending = new PatchSyncInput(3, "m3@x", Accepted, Accepted, null);
        memory.AgreeOnLandedPushes([landed, planned, notPending], [new RecordSynced(2, "m2@x", Accepted)]);
        Assert.Equal(new Dictionary<long, PatchSnapshot> { [1] = Accepted }, memory.Agreed);
    }

    [Fact]
    public void RecordFresh_WritesOnlyAChangedRecord_KeepingTheBase()
    {
        var memory = new RunMemory();
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, New);
        memory.Patches[2] = new PatchRecord(2, "m2@x", New, New);
        memory.Remember(Patch(1, Accepted));
        memory.Remember(Patch(2, New));
        var commit = new StateCommit();
        memory.RecordFresh(commit, 1);
        memory.RecordFresh(commit, 2);
        memory.RecordFresh(commit, 3);
        Assert.Equal(new PatchRecord(1, "m1@x", New, Accepted), Assert.Single(commit.Patches).Value);
        Assert.Equal(new PatchRecord(1, "m1@x", New, Accepted), memory.Patches[1]);
    }

    [Fact]
    public void SetPatch_RecordsTheNewBase_WithTheMessageIdKnown()
    {
        var memory = new RunMemory();
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, New);
        memory.Remember(Patch(2, New));
        var commit = new StateCommit();
        memory.SetPatch(commit, 1, Accepted, Accepted);
        memory.SetPatch(commit, 2, Rejected, New);
        Assert.Equal(new PatchRecord(1, "m1@x", Accepted, Accepted), commit.Patches[1]);
        Assert.Equal(new PatchRecord(2, "m2@x", Rejected, New), memory.Patches[2]);
    }

    [Fact]
    public void TrackerValue_IsFreshElseStored()
    {
        var memory = new RunMemory();
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, Rejected);
        Assert.Equal(Rejected, memory.TrackerValue(1));
        memory.Remember(Patch(1, Accepted));
        Assert.Equal(Accepted, memory.TrackerValue(1));
    }

    [Fact]
    public void ForgetChunk_DropsOnlyTheChunksPatches()
    {
        var memory = new RunMemory();
        memory.Remember(Patch(1, New));
        memory.Remember(Patch(2, New));
        memory.Patches[1] = new PatchRecord(1, "m1@x", New, New);
        memory.Messages["m1@x"] = Tags("pw-new");
        memory.ForgetChunk([1]);
        Assert.False(memory.Fresh.ContainsKey(1));
        Assert.False(memory.Patches.ContainsKey(1));
        Assert.Equal([2L], memory.Touched);
        // Only what is per patch is dropped: the mail tags stay.
        Assert.True(memory.Messages.ContainsKey("m1@x"));
    }
}

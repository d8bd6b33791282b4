namespace PatchSync.Sync.Tests.Engine;

/// <summary>What an incremental or full run reads and loads: events, the listing fallback, the periodic full check.</summary>
public sealed class IncrementalReadTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_Incremental_LoadsOnlyTheTouchedPatchesAndMessages()
    {
        _h.AddPatches(40);

        await _h.RunAsync();
        Assert.Equal(1, _h.LastStore.FullLoads);
        _h.Tracker.Set(3, "accepted");
        _h.Mail.UserTag(_h.MessageId(7), add: ["pw-rejected"], remove: ["pw-new"]);

        var report = await _h.RunAsync();

        Assert.Equal(0, _h.LastStore.FullLoads);
        Assert.Equal(2, _h.LastStore.PatchesLoaded);
        Assert.Equal(1, _h.LastStore.MessagesLoaded);
        Assert.Equal(1, report.Retagged);
        Assert.Equal(1, report.Pushed);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(3)));
        Assert.Equal("rejected", _h.Tracker[7].State);
    }

    [Fact]
    public async Task RunAsync_FullResync_LoadsEverythingOnce()
    {
        _h.AddPatches(5);

        await _h.RunAsync();
        await _h.RunAsync(full: true);

        Assert.Equal(1, _h.LastStore.FullLoads);
        Assert.Equal(5, _h.LastStore.PatchesLoaded);
    }

    [Fact]
    public async Task RunAsync_IncrementalWithNothingChanged_MakesFewRequestsAndNoWrites()
    {
        _h.AddPatches(50);

        await _h.RunAsync();
        var requests = _h.Tracker.Requests;
        var writes = _h.Mail.Writes;

        var report = await _h.RunAsync();

        // Our own retags come back once in the mail delta and plan nothing; then nothing is even read.
        Assert.Equal("incremental", report.Mode);
        Assert.Empty(report.Plan);
        Assert.Equal(1, _h.Tracker.Requests - requests);
        Assert.Equal(writes, _h.Mail.Writes);
        var quiet = await _h.RunAsync();
        Assert.Equal(0, quiet.Planned);
        Assert.Equal(2, _h.Tracker.Requests - requests);
    }

    [Fact]
    public async Task RunAsync_NoEvents_FallsBackToListingRecentPatches()
    {
        _h.Tracker.EventsSupported = false;
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.AddPatch(2, "new");
        var report = await _h.RunAsync();

        Assert.Equal("incremental", report.Mode);
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(2)));
    }

    [Fact]
    public async Task RunAsync_ArchivedWithoutEvent_CaughtByPeriodicFullCheck()
    {
        _h.FullCheckInterval = TimeSpan.FromHours(1);
        _h.AddPatch(1, "accepted");
        await _h.RunAsync();

        _h.Tracker.Archive(1);
        var incremental = await _h.RunAsync();
        Assert.Equal("incremental", incremental.Mode);
        Assert.DoesNotContain("pw-archived", _h.Mail.TagsOf(_h.MessageId(1)));

        _h.Time.Advance(TimeSpan.FromHours(1));
        var full = await _h.RunAsync();

        Assert.Equal("full", full.Mode);
        Assert.Contains("pw-archived", _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_FullResync_RereadsEverything()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Tracker.Archive(1);

        var report = await _h.RunAsync(full: true);

        Assert.Equal("full", report.Mode);
        Assert.Contains("pw-archived", _h.Mail.TagsOf(_h.MessageId(1)));
    }
}

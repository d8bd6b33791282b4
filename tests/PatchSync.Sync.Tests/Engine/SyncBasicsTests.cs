namespace PatchSync.Sync.Tests.Engine;

/// <summary>A first sync, changes on either side, and what a run leaves alone.</summary>
public sealed class SyncBasicsTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_FirstSync_TagsEveryMailWithItsTrackerState()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "accepted", "inbox");
        _h.Tracker.Add(3, "rejected", _h.Time.GetUtcNow(), archived: true);
        _h.Mail.Add(_h.MessageId(3));
        _h.Mail.Add("not-a-patch@example.org", "pw-new");

        var report = await _h.RunAsync();

        Assert.Empty(report.Errors);
        Assert.Equal("full", report.Mode);
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal(["inbox", "pw-accepted"], _h.Mail.TagsOf(_h.MessageId(2)).Order());
        Assert.Equal(["pw-archived", "pw-rejected"], _h.Mail.TagsOf(_h.MessageId(3)).Order());
        Assert.Equal(["pw-new"], _h.Mail.TagsOf("not-a-patch@example.org"));
        Assert.Equal(3, report.Retagged);
        Assert.Equal(1, _h.Mail.Writes);
    }

    [Fact]
    public async Task RunAsync_PatchesBeforeEpoch_AreLeftAlone()
    {
        _h.Tracker.Add(1, "new", SyncHarness.Epoch.AddDays(-1));
        _h.Mail.Add(_h.MessageId(1));
        _h.AddPatch(2, "new");

        await _h.RunAsync();

        Assert.Empty(_h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(2)));
    }

    [Fact]
    public async Task RunAsync_TrackerChange_RetagsMailIncrementally()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();

        _h.Tracker.Set(1, "under-review");
        var report = await _h.RunAsync();

        Assert.Equal("incremental", report.Mode);
        Assert.Equal(["pw-under-review"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(2)));
        Assert.Equal(1, report.TrackerRead);
    }

    [Fact]
    public async Task RunAsync_MailTagChange_PushesStateToTracker()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        var report = await _h.RunAsync();

        Assert.Empty(report.Errors);
        Assert.Equal(new PatchSnapshot("accepted", false), _h.Tracker[1]);
        Assert.Equal(1, report.Pushed);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_MailGainsSecondStateTag_PushesItAndDropsTheOldTag()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-changes-requested"]);
        await _h.RunAsync();

        Assert.Equal("changes-requested", _h.Tracker[1].State);
        Assert.Equal(["pw-changes-requested"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_MailArrivesAfterPatch_TaggedWhenItShowsUp()
    {
        _h.Tracker.Add(1, "new", _h.Time.GetUtcNow());
        var first = await _h.RunAsync();
        Assert.Equal(1, first.MailMissing);

        _h.Mail.Add(_h.MessageId(1));
        await _h.RunAsync();

        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_PatchCreatedAfterItsMail_TaggedFromEvents()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Mail.Add(_h.MessageId(2));
        await _h.RunAsync();

        _h.Tracker.Add(2, "new", _h.Time.GetUtcNow());
        await _h.RunAsync();

        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(2)));
    }

    [Fact]
    public async Task RunAsync_UnknownState_TaggedWithPrefixAndWarned()
    {
        _h.AddPatch(1, "needs-ack");

        var report = await _h.RunAsync();

        Assert.Equal(["pw-needs-ack"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Contains(report.Warnings, w => w.Contains("'needs-ack'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_DryRun_ChangesNothingAnywhere()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new", "pw-accepted");

        var report = await _h.RunAsync(dryRun: true);

        Assert.Contains(report.Plan, a => a is RetagMail { PatchId: 1 });
        Assert.Empty(_h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal(0, _h.Mail.Writes);
        Assert.Equal(0, _h.Tracker.Updates);
        Assert.Equal("\noutbox: 0", await _h.DumpStateAsync());
        await using var store = await State.StateStore.OpenAsync(_h.StatePath);
        Assert.Null((await store.GetStatusAsync()).LastRun);
    }
}

namespace PatchSync.Sync.Tests.Engine;

/// <summary>Both sides changed: the rule decides and the conflict is logged, also when a write lands just before a push.</summary>
public sealed class ConflictTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_BothChangedDifferently_TrackerWinsAndConflictIsLogged()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Tracker.Set(1, "accepted");
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-rejected"], remove: ["pw-new"]);
        var report = await _h.RunAsync();

        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal("rejected", conflict.Mail.State);
        Assert.Equal(ConflictRule.Tracker, conflict.Winner);
        Assert.Equal("accepted", _h.Tracker[1].State);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
        await using var store = await State.StateStore.OpenAsync(_h.StatePath);
        Assert.Equal(1, (await store.GetStatusAsync()).ConflictCount);
    }

    [Fact]
    public async Task RunAsync_ConflictRuleMail_MailWins()
    {
        _h.Conflict = ConflictRule.Mail;
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Tracker.Set(1, "accepted");
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-rejected"], remove: ["pw-new"]);
        var report = await _h.RunAsync();

        Assert.Single(report.Conflicts);
        Assert.Equal("rejected", _h.Tracker[1].State);
        Assert.Equal(["pw-rejected"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_TrackerWriteLandsJustBeforeThePush_OverwriteIsFoundAndTrackerRuleSetsItBack()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        // Another client's write lands after the events read and before the engine's PATCH: only the push's
        // own event (previous state "rejected", not "new") shows it.
        _h.Tracker.BeforeNextUpdate(id => _h.Tracker.Set(id, "rejected"));
        var report = await _h.RunAsync();

        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal("rejected", conflict.Tracker.State);
        Assert.Equal("accepted", conflict.Mail.State);
        Assert.Equal(ConflictRule.Tracker, conflict.Winner);
        Assert.Equal("rejected", _h.Tracker[1].State);
        Assert.Equal(["pw-rejected"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Contains("1: rejected", await _h.DumpStateAsync(), StringComparison.Ordinal);
        // The next run re-reads the patch for the other client's event, and finds nothing to do.
        var next = await _h.RunAsync();
        Assert.Equal((0, 0, 0), (next.Pushed, next.Retagged, next.Conflicts.Count));
    }

    [Fact]
    public async Task RunAsync_TrackerWriteLandsJustBeforeThePush_MailRuleKeepsThePushAndLogsTheConflict()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        _h.Tracker.BeforeNextUpdate(id => _h.Tracker.Set(id, "rejected"));
        _h.Conflict = ConflictRule.Mail;
        var report = await _h.RunAsync();

        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal(ConflictRule.Mail, conflict.Winner);
        Assert.Equal("rejected", conflict.Tracker.State);
        Assert.Equal("accepted", _h.Tracker[1].State);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
        var next = await _h.RunAsync();
        Assert.Equal((0, 0, 0), (next.Pushed, next.Retagged, next.Conflicts.Count));
    }

    [Fact]
    public async Task RunAsync_TrackerArchivesJustBeforeAStatePush_ArchiveIsKeptAndReachesTheMail()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        // Archiving makes no event: the PATCH sends the state alone, and its answer shows the archive.
        _h.Tracker.BeforeNextUpdate(id => _h.Tracker.Archive(id));
        var report = await _h.RunAsync();

        Assert.Empty(report.Conflicts);
        Assert.Equal(new PatchSnapshot("accepted", true), _h.Tracker[1]);
        Assert.Equal(["pw-accepted", "pw-archived"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, (await _h.RunAsync()).Planned);
    }
}

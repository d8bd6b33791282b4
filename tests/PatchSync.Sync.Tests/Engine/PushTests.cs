namespace PatchSync.Sync.Tests.Engine;

/// <summary>Pushes: compare-and-set, refusals, pushes that need not be sent.</summary>
public sealed class PushTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_PushForbidden_ReportedOnceAndMailSetBack()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();
        _h.Tracker.Forbid = true;

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        _h.Mail.UserTag(_h.MessageId(2), add: ["pw-rejected"], remove: ["pw-new"]);
        var report = await _h.RunAsync();

        var error = Assert.Single(report.Errors);
        Assert.Equal(SyncArea.Tracker, error.Area);
        Assert.Contains("not allowed", error.Message);
        Assert.Equal("new", _h.Tracker[1].State);
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(2)));
        Assert.Contains("outbox: 0", await _h.DumpStateAsync());

        // Not retried forever: the next run has nothing to do.
        var again = await _h.RunAsync();
        Assert.Empty(again.Errors);
        Assert.Empty(again.Plan);
        Assert.Equal(0, _h.Tracker.Updates);
    }

    [Fact]
    public async Task RunAsync_TrackerMovesBeforePush_DoesNotOverwriteIt()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        // Someone changes the patch on the web UI between the engine's read and its push: the events read
        // before pushing shows it, so the patch is re-read and not sent.
        var eventReads = 0;
        _h.Tracker.BeforeListEvents = () =>
        {
            if (++eventReads == 2)
            {
                _h.Tracker.Set(1, "rejected");
            }
        };
        var report = await _h.RunAsync();
        _h.Tracker.BeforeListEvents = null;

        Assert.Equal(0, _h.Tracker.Updates);
        Assert.Equal("rejected", _h.Tracker[1].State);
        Assert.Single(report.Conflicts);
        Assert.Equal(["pw-rejected"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_PushesWithNoTrackerChange_AreNotReReadOneByOne()
    {
        for (var id = 1; id <= 5; id++)
        {
            _h.AddPatch(id, "new");
        }

        await _h.RunAsync();
        for (var id = 1; id <= 5; id++)
        {
            _h.Mail.UserTag(_h.MessageId(id), add: ["pw-accepted"], remove: ["pw-new"]);
        }

        var gets = _h.Tracker.Gets;
        var report = await _h.RunAsync();

        Assert.Equal(5, report.Pushed);
        Assert.Equal(gets, _h.Tracker.Gets);
        Assert.All(Enumerable.Range(1, 5), id => Assert.Equal("accepted", _h.Tracker[id].State));
    }

    [Fact]
    public async Task RunAsync_MailChangeRightAfterPush_IsPushedNotOverwritten()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-under-review"], remove: ["pw-new"]);
        await _h.RunAsync();
        Assert.Equal("under-review", _h.Tracker[1].State);

        // The run right after the push sees the push's own event and the new mail edit.
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-under-review"]);
        var report = await _h.RunAsync();

        Assert.Empty(report.Conflicts);
        Assert.Equal("accepted", _h.Tracker[1].State);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_PushOfValueTrackerAlreadyHas_SendsNothing()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Tracker.Set(1, "accepted");
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        var report = await _h.RunAsync();

        Assert.Equal(0, _h.Tracker.Updates);
        Assert.Empty(report.Conflicts);
        Assert.Equal(0, (await _h.RunAsync()).Planned);
    }

    [Fact]
    public async Task RunAsync_ManyMailEdits_AllPushedAndRecorded()
    {
        _h.AddPatches(40);

        await _h.RunAsync();
        for (var id = 1; id <= 40; id++)
        {
            _h.Mail.UserTag(_h.MessageId(id), add: [id % 2 == 0 ? "pw-accepted" : "pw-rejected"], remove: ["pw-new"]);
        }

        var report = await _h.RunAsync();

        Assert.Equal(40, report.Pushed);
        Assert.All(Enumerable.Range(1, 40), id => Assert.Equal(id % 2 == 0 ? "accepted" : "rejected", _h.Tracker[id].State));
        Assert.Contains("outbox: 0", await _h.DumpStateAsync());
        Assert.Empty((await _h.RunAsync()).Plan);
    }

    [Fact]
    public async Task RunAsync_ForbiddenOnce_OtherPushesNotSent()
    {
        _h.AddPatches(10);

        await _h.RunAsync();
        _h.Tracker.Forbid = true;
        for (var id = 1; id <= 10; id++)
        {
            _h.Mail.UserTag(_h.MessageId(id), add: ["pw-accepted"], remove: ["pw-new"]);
        }

        var requests = _h.Tracker.Requests;
        var report = await _h.RunAsync();

        Assert.Single(report.Errors);
        // Events, at most one re-read and refused PATCH per request in flight, then nothing more is sent.
        Assert.True(_h.Tracker.Requests - requests <= 1 + (2 * 4), $"{_h.Tracker.Requests - requests} requests");
        Assert.All(Enumerable.Range(1, 10), id => Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(id))));
    }
}

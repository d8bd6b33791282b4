using PatchSync.State.Model;

namespace PatchSync.Sync.Tests.Engine;

/// <summary>
/// The sequences that went wrong against a real Patchwork (issue 9): what the tracker holds is read, never
/// assumed from an event or from a 200; a push that landed before a crash is the base of the next edit.
/// </summary>
public sealed class TrackerTruthTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_StateChangeWithArchiveOnTheTracker_IncrementalRunTagsBoth()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        // PATCH {"state": "accepted", "archived": true}: Patchwork emits one state-change event, none for the archive.
        _h.Tracker.SetAndArchive(1, "accepted");
        var report = await _h.RunAsync();

        Assert.Equal("incremental", report.Mode);
        Assert.Equal(["pw-accepted", "pw-archived"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, (await _h.RunAsync()).Planned);
    }

    [Fact]
    public async Task RunAsync_StateChangeEvent_PatchIsReReadNotRebuiltFromTheEvent()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();
        var gets = _h.Tracker.Gets;

        _h.Tracker.Set(1, "accepted");
        await _h.RunAsync();

        Assert.Equal(gets + 1, _h.Tracker.Gets);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(2)));
    }

    [Fact]
    public async Task RunAsync_CrashRightAfterPush_ThenMailEdit_EditReachesTheTracker()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-under-review"], remove: ["pw-new"]);
        await Assert.ThrowsAsync<InjectedCrashException>(() => _h.RunAsync(afterStep: CrashAfter(SyncStepKind.TrackerPush)));
        Assert.Equal("under-review", _h.Tracker[1].State);

        // The maintainer edits the same mail again before the next run.
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-under-review"]);
        var report = await _h.RunAsync();

        Assert.Empty(report.Conflicts);
        Assert.Equal("accepted", _h.Tracker[1].State);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Contains("outbox: 0", await _h.DumpStateAsync(), StringComparison.Ordinal);
        var updates = _h.Tracker.Updates;
        var next = await _h.RunAsync();
        Assert.Equal((0, 0, updates), (next.Retagged, next.Pushed, _h.Tracker.Updates));
    }

    [Fact]
    public async Task RunAsync_CrashAfterAPushThatOverwroteAChange_NextRunLogsTheConflictAndSetsItBack()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        // Another client's write lands just before the PATCH, and the run dies before it reads the push's event.
        _h.Tracker.BeforeNextUpdate(id => _h.Tracker.Set(id, "rejected"));
        await Assert.ThrowsAsync<InjectedCrashException>(() => _h.RunAsync(afterStep: CrashAfter(SyncStepKind.TrackerPush)));
        Assert.Equal("accepted", _h.Tracker[1].State);

        var report = await _h.RunAsync();

        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal(("rejected", "accepted"), (conflict.Tracker.State, conflict.Mail.State));
        Assert.Equal("rejected", _h.Tracker[1].State);
        Assert.Equal(["pw-rejected"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Contains("outbox: 0", await _h.DumpStateAsync(), StringComparison.Ordinal);
        var next = await _h.RunAsync();
        Assert.Equal((0, 0, 0), (next.Pushed, next.Retagged, next.Conflicts.Count));
    }

    /// <summary>The same evidence is looked for when the run after the crash is a full one (forced, or the periodic check).</summary>
    [Fact]
    public async Task RunAsync_CrashAfterAPushThatOverwroteAChange_NextFullRunLogsTheConflictAndSetsItBack()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        _h.Tracker.BeforeNextUpdate(id => _h.Tracker.Set(id, "rejected"));
        await Assert.ThrowsAsync<InjectedCrashException>(() => _h.RunAsync(afterStep: CrashAfter(SyncStepKind.TrackerPush)));
        Assert.Equal("accepted", _h.Tracker[1].State);

        var report = await _h.RunAsync(full: true);

        Assert.Equal("full", report.Mode);
        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal(("rejected", "accepted"), (conflict.Tracker.State, conflict.Mail.State));
        Assert.Equal("rejected", _h.Tracker[1].State);
        Assert.Equal(["pw-rejected"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(2)));
        Assert.Contains("outbox: 0", await _h.DumpStateAsync(), StringComparison.Ordinal);
        var next = await _h.RunAsync();
        Assert.Equal((0, 0, 0), (next.Pushed, next.Retagged, next.Conflicts.Count));
    }

    [Fact]
    public async Task RunAsync_CrashRightAfterPush_NoEditSince_RecordsThePushAndClearsTheOutbox()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        await Assert.ThrowsAsync<InjectedCrashException>(() => _h.RunAsync(afterStep: CrashAfter(SyncStepKind.TrackerPush)));
        var updates = _h.Tracker.Updates;

        var report = await _h.RunAsync();

        Assert.Empty(report.Conflicts);
        Assert.Equal(updates, _h.Tracker.Updates);
        Assert.Contains("1: accepted", await _h.DumpStateAsync(), StringComparison.Ordinal);
        Assert.Contains("outbox: 0", await _h.DumpStateAsync(), StringComparison.Ordinal);
    }

    /// <summary>Wherever a run dies, an edit made before the next run reaches the tracker and is never logged as a conflict.</summary>
    [Fact]
    public async Task RunAsync_CrashAfterAnyStep_ThenMailEditOfThePushedPatch_EditWins()
    {
        var steps = await CountStepsAsync();
        for (var crashAt = 1; crashAt <= steps; crashAt++)
        {
            using var h = new SyncHarness();
            await SetUpPushAsync(h);
            var seen = 0;
            await Assert.ThrowsAsync<InjectedCrashException>(() => h.RunAsync(afterStep: (step, _) =>
                ++seen == crashAt ? throw new InjectedCrashException(step) : ValueTask.CompletedTask));

            h.Mail.UserTag(h.MessageId(1), add: ["pw-rejected"], remove: ["pw-accepted"]);
            var resumed = await h.RunAsync();
            await h.RunAsync();

            Assert.True(resumed.Conflicts.Count == 0, $"crash after step {crashAt}: {string.Join("; ", resumed.Conflicts)}");
            Assert.True(h.Tracker[1].State == "rejected", $"crash after step {crashAt}: tracker holds {h.Tracker[1]}");
            Assert.Equal(["pw-rejected"], h.Mail.TagsOf(h.MessageId(1)));
        }
    }

    [Fact]
    public async Task RunAsync_TrackerAnswersWithoutTheChange_FailedPushKeptInOutboxAndRetried()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();

        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        _h.Tracker.IgnoreUpdates = true;
        var report = await _h.RunAsync();

        Assert.Equal(0, report.Pushed);
        Assert.Equal(1, report.PushesFailed);
        var error = Assert.Single(report.Errors);
        Assert.Equal(SyncArea.Tracker, error.Area);
        Assert.Contains("not applied", error.Message, StringComparison.Ordinal);
        Assert.Equal("new", _h.Tracker[1].State);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
        var outbox = await OutboxAsync();
        Assert.Equal(1, Assert.Single(outbox).Attempts);
        Assert.Contains("not applied", outbox[0].LastError, StringComparison.Ordinal);

        // Still failing: tried again and counted again; then the tracker takes it.
        await _h.RunAsync();
        Assert.Equal(2, Assert.Single(await OutboxAsync()).Attempts);

        _h.Tracker.IgnoreUpdates = false;
        var fixedRun = await _h.RunAsync();
        Assert.Empty(fixedRun.Errors);
        Assert.Equal(1, fixedRun.Pushed);
        Assert.Equal("accepted", _h.Tracker[1].State);
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task RunAsync_AfterAPush_NextRunDoesNotReReadThePatchForItsOwnEvent()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        Assert.Equal(1, (await _h.RunAsync()).Pushed);
        var gets = _h.Tracker.Gets;

        var next = await _h.RunAsync();

        Assert.Equal(gets, _h.Tracker.Gets);
        Assert.Equal(0, next.Planned);
    }

    [Fact]
    public async Task RunAsync_AnotherClientChangesThePatchRightAfterOurPush_NextRunSeesIt()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        await _h.RunAsync(afterStep: (step, _) =>
        {
            if (step.Kind == SyncStepKind.TrackerPush)
            {
                _h.Tracker.Set(1, "rejected");
            }

            return ValueTask.CompletedTask;
        });

        var next = await _h.RunAsync();

        Assert.Empty(next.Conflicts);
        Assert.Equal(["pw-rejected"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    private async Task<IReadOnlyList<OutboxEntry>> OutboxAsync()
    {
        await using var store = await StateStore.OpenAsync(_h.StatePath, _h.Time);
        return await store.LoadOutboxAsync();
    }

    private static async Task SetUpPushAsync(SyncHarness h)
    {
        h.AddPatch(1, "new");
        h.AddPatch(2, "new");
        await h.RunAsync();
        h.Mail.UserTag(h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        h.Tracker.Set(2, "rfc");
    }

    private static async Task<int> CountStepsAsync()
    {
        using var h = new SyncHarness();
        await SetUpPushAsync(h);
        var steps = 0;
        await h.RunAsync(afterStep: (_, _) =>
        {
            steps++;
            return ValueTask.CompletedTask;
        });
        Assert.Equal("accepted", h.Tracker[1].State);
        return steps;
    }

    private static Func<SyncStep, CancellationToken, ValueTask> CrashAfter(SyncStepKind kind) =>
        (step, _) => step.Kind == kind ? throw new InjectedCrashException(step) : ValueTask.CompletedTask;

    private sealed class InjectedCrashException(SyncStep step) : Exception($"injected crash after {step}");
}

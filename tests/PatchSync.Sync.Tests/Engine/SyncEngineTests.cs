using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.State;
using PatchSync.Sync.Engine;
using PatchSync.Sync.Tests.Fakes;

namespace PatchSync.Sync.Tests.Engine;

public sealed class SyncEngineTests : IDisposable
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
    public async Task RunAsync_OwnRetagsComeBack_PlanNothingNextRun()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Tracker.Set(1, "accepted");
        await _h.RunAsync();
        var updatesBefore = _h.Tracker.Updates;

        var report = await _h.RunAsync();

        Assert.Empty(report.Plan);
        Assert.Equal(updatesBefore, _h.Tracker.Updates);
    }

    [Fact]
    public async Task RunAsync_StoreVouchesForItsWrites_NextRunDoesNotReadThemBack()
    {
        _h.AddPatches(7);

        var first = await _h.RunAsync();
        var next = await _h.RunAsync();

        Assert.Equal(7, first.Retagged);
        Assert.Equal(0, next.MailRead);
        Assert.Equal(0, next.Planned);
    }

    [Fact]
    public async Task RunAsync_StoreCannotVouch_NextRunReadsOwnWritesBackAndPlansNothing()
    {
        _h.Mail.VouchForOwnWrites = false;
        _h.AddPatches(7);

        await _h.RunAsync();
        var next = await _h.RunAsync();

        Assert.Equal(7, next.MailRead);
        Assert.Equal(0, next.Retagged);
        Assert.Equal(0, next.Pushed);
        Assert.Empty(next.Conflicts);
    }

    [Fact]
    public async Task RunAsync_OtherClientEditsBetweenReadAndWrite_EditIsNotHiddenByTheCheckpoint()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();
        _h.Tracker.Set(1, "accepted");
        // While pwsync retags patch 1's mail, another client marks patch 2's mail as accepted.
        _h.Mail.BeforeApply = () =>
        {
            _h.Mail.UserTag(_h.MessageId(2), add: ["pw-accepted"], remove: ["pw-new"]);
            _h.Mail.BeforeApply = null;
        };
        await _h.RunAsync();

        var next = await _h.RunAsync();

        Assert.Equal(1, next.Pushed);
        Assert.Equal("accepted", _h.Tracker[2].State);
    }

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
    public async Task RunAsync_MailCheckpointInTheOlderOneKeyForm_IsStillReadAsADelta()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();
        await using (var store = await StateStore.OpenAsync(_h.StatePath))
        await using (var tx = await store.BeginAsync())
        {
            var scope = CheckpointScopes.Sync(_h.Scope);
            var kind = await store.GetCheckpointAsync(scope, CheckpointNames.MailKind);
            var value = await store.GetCheckpointAsync(scope, CheckpointNames.Mail);
            tx.SetCheckpoint(scope, CheckpointNames.Mail, kind + "\n" + value);
            tx.DeleteCheckpoint(scope, CheckpointNames.MailKind);
            await tx.CommitAsync();
        }

        _h.Mail.UserTag(_h.MessageId(2), add: ["pw-accepted"], remove: ["pw-new"]);
        var next = await _h.RunAsync();

        Assert.Equal(1, next.MailRead);
        Assert.Equal(1, next.Pushed);
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
    public async Task RunAsync_UnknownState_TaggedWithPrefixAndWarned()
    {
        _h.AddPatch(1, "needs-ack");

        var report = await _h.RunAsync();

        Assert.Equal(["pw-needs-ack"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Contains(report.Warnings, w => w.Contains("'needs-ack'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RetagRacesAnotherClient_NotRecordedAndRetriedNextRun()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Tracker.Set(1, "accepted");
        _h.Mail.ConflictOn.Add(_h.MessageId(1));

        var report = await _h.RunAsync();
        Assert.Contains(report.Warnings, w => w.Contains("another client", StringComparison.Ordinal));
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(1)).Where(t => t.StartsWith("pw-", StringComparison.Ordinal)));

        await _h.RunAsync();
        Assert.Equal(["pw-accepted", "seen-by-other-client"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
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
    public async Task RunAsync_TrackerFails_ReportsTrackerErrorAndKeepsState()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        var before = await _h.DumpStateAsync();
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        _h.Tracker.Failure = new TrackerException("http://tracker.test/api/events/: 500 Internal Server Error");

        var report = await _h.RunAsync();

        var error = Assert.Single(report.Errors);
        Assert.Equal(SyncArea.Tracker, error.Area);
        Assert.Contains("500", error.Message);
        Assert.Equal(before, await _h.DumpStateAsync());

        _h.Tracker.Failure = null;
        await _h.RunAsync();
        Assert.Equal("accepted", _h.Tracker[1].State);
    }

    [Fact]
    public async Task RunAsync_MailStoreFails_ReportsMailError()
    {
        _h.AddPatch(1, "new");
        _h.Mail.Failure = new IOException("connection reset");

        var report = await _h.RunAsync();

        var error = Assert.Single(report.Errors);
        Assert.Equal(SyncArea.Mail, error.Area);
        Assert.Contains("fake-mail: reading mail: connection reset", error.Message);
    }

    [Fact]
    public async Task RunAsync_NoEpochOnFirstRun_UsageError()
    {
        _h.AddPatch(1, "new");
        await using var store = await State.StateStore.OpenAsync(_h.StatePath);
        var engine = new SyncEngine(store, _h.Time);
        var project = new SyncProject("demo", _h.Scope, "demo", _h.Tracker, _h.Mail, new PlannerOptions(new Core.Tags.TagMapping()));

        var report = await engine.RunAsync(new SyncRequest([project]));

        var error = Assert.Single(Assert.Single(report.Projects).Errors);
        Assert.Equal(SyncArea.Usage, error.Area);
        Assert.Contains("--epoch", error.Message);
        Assert.False(report.Projects[0].Started);
        // Only the project check: a tracker that answers is one that needs a start date.
        Assert.Equal(1, _h.Tracker.Requests);
    }

    [Fact]
    public async Task RunAsync_NoEpochAndTrackerUnreachable_ReportsTheTrackerNotTheStartDate()
    {
        // State for this project exists nowhere, e.g. after a typo in the tracker URL of a working config.
        _h.Tracker.Failure = new TrackerException("cannot reach 127.0.0.1:1 (connection refused)");
        var logs = new ErrorLogCounter();
        await using var store = await State.StateStore.OpenAsync(_h.StatePath);
        var engine = new SyncEngine(store, _h.Time, logs);
        var project = new SyncProject("demo", _h.Scope, "demo", _h.Tracker, _h.Mail, new PlannerOptions(new Core.Tags.TagMapping()));

        var report = await engine.RunAsync(new SyncRequest([project]));

        var error = Assert.Single(Assert.Single(report.Projects).Errors);
        Assert.Equal(SyncArea.Tracker, error.Area);
        Assert.Contains("cannot reach", error.Message);
        Assert.DoesNotContain("start date", error.Message);
        // The report carries the error; the CLI prints it once. Logging it as an error too printed it twice.
        Assert.Equal(0, logs.ErrorsOrWarnings);
    }

    private sealed class ErrorLogCounter : Microsoft.Extensions.Logging.ILogger<SyncEngine>
    {
        public int ErrorsOrWarnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning)
            {
                ErrorsOrWarnings++;
            }
        }
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

    [Fact]
    public async Task RunAsync_UnexpectedFailure_RunLogSaysFailed()
    {
        _h.AddPatch(1, "new");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _h.RunAsync(afterStep: (_, _) => throw new InvalidOperationException("disk on fire")));

        await using var store = await State.StateStore.OpenAsync(_h.StatePath);
        var last = (await store.GetStatusAsync()).LastRun!;
        Assert.Equal(RunSummaryOutcome.Failed, last.Result);
        Assert.Equal("disk on fire", last.Error);
    }

    [Fact]
    public async Task RunAsync_ExtraTagsOn_DelegateAndChecksTaggedAndFollowed()
    {
        _h.ExtraTags = true;
        _h.Tracker.Add(1, "under-review", _h.Time.GetUtcNow(), delegateUser: "Alice", checks: "fail");
        _h.Mail.Add(_h.MessageId(1));
        await _h.RunAsync();
        Assert.Equal(["pw-checks-fail", "pw-delegate-alice", "pw-under-review"], _h.Mail.TagsOf(_h.MessageId(1)).Order());

        _h.Tracker.Delegate(1, "bob");
        await _h.RunAsync();

        Assert.Equal(["pw-checks-fail", "pw-delegate-bob", "pw-under-review"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, _h.Tracker.Updates);
    }

    [Fact]
    public async Task RunAsync_ExtraTagsOn_SeriesCompleteTaggedOnFirstSyncAndWhenTheLastPatchArrives()
    {
        _h.ExtraTags = true;
        _h.Tracker.Add(1, "new", _h.Time.GetUtcNow(), series: 10);
        _h.Tracker.Add(2, "new", _h.Time.GetUtcNow(), series: 10);
        _h.Tracker.CompleteSeries(10);
        _h.Tracker.Add(3, "new", _h.Time.GetUtcNow(), series: 20);
        foreach (var id in new long[] { 1, 2, 3 })
        {
            _h.Mail.Add(_h.MessageId(id));
        }

        await _h.RunAsync();
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(2)).Order());
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(3)).Order());

        // Series 20's last patch arrives: Patchwork says so with a series-completed event.
        _h.Tracker.Add(4, "new", _h.Time.GetUtcNow(), series: 20);
        _h.Mail.Add(_h.MessageId(4));
        _h.Tracker.CompleteSeries(20);
        var next = await _h.RunAsync();

        Assert.Equal("incremental", next.Mode);
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(3)).Order());
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(4)).Order());
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, _h.Tracker.Updates);
    }

    [Fact]
    public async Task RunAsync_ExtraTagsOff_NoSeriesRequestsAndNoSeriesTag()
    {
        _h.Tracker.Add(1, "new", _h.Time.GetUtcNow(), series: 10);
        _h.Tracker.CompleteSeries(10);
        _h.Mail.Add(_h.MessageId(1));

        await _h.RunAsync();
        await _h.RunAsync();

        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, _h.Tracker.SeriesReads);
    }
}

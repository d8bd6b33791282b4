namespace PatchSync.Sync.Tests.Engine;

/// <summary>Failures: reported by area, the state kept, the run log honest.</summary>
public sealed class FailureReportingTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_TrackerFails_ReportsTrackerErrorAndKeepsState()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        var before = await _h.DumpStateAsync();
        _h.Mail.UserTag(_h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        _h.Tracker.Failure = new TrackerFailureException("http://tracker.test/api/events/: 500 Internal Server Error");

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
        _h.Tracker.Failure = new TrackerFailureException("cannot reach 127.0.0.1:1 (connection refused)");
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
}

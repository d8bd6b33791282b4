using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Sync.Engine;

/// <summary>
/// One project's run. Reading is in <c>ProjectRun.Read.cs</c>, carrying out the plan in
/// <c>ProjectRun.Execute.cs</c>. The in-memory copies of the state (<see cref="RunMemory"/>)
/// are kept current as steps succeed, and every commit writes from them.
/// </summary>
internal sealed partial class ProjectRun
{
    /// <summary>Messages read plus patches synced from which a run counts as big (see <c>ReturnMemoryAfterBigStep</c>).</summary>
    private const long BigRun = 20_000;

    private readonly SyncProject _project;
    private readonly SyncRequest _request;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly ProjectReport _report;

    private readonly HashSet<string> _warnedStates = new(StringComparer.Ordinal);
    private readonly StateCommit _finalCommit = new();
    private readonly RunMemory _memory;

    private ProjectState _state = ProjectState.Empty;
    private DateTimeOffset _started;
    private DateTimeOffset _epoch;
    private bool _fullTracker;
    private long _synced;
    private MailCheckpoint? _mailCheckpoint;
    private MailCheckpoint? _checkpointPastWrites;
    private bool _writesVouched = true;

    public ProjectRun(SyncProject project, SyncRequest request, IStateStore store, TimeProvider time, ProjectReport report)
    {
        _project = project;
        _request = request;
        _store = store;
        _time = time;
        _report = report;
        _memory = new RunMemory(project.ExtraTags ? project.Planner.Mapping.Prefix : null);
    }

    private CancellationToken Token { get; set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Token = cancellationToken;
        _started = _time.GetUtcNow();
        _state = await GuardAsync(SyncArea.State, "loading state", () => _store.LoadHeaderAsync(_project.Scope, Token));
        _memory.TakeOutbox(_state.Outbox);
        await ChooseModeAsync();
        _report.Started = true;
        if (_fullTracker || _request.Full)
        {
            // Every known patch is planned again: load them all at once.
            await LoadAllAsync();
        }

        // Mail first: with every message's tags known, a full listing is planned and carried out chunk by
        // chunk as it arrives, instead of being held whole. An incremental run's tracker side (events and
        // the patches they name) is fetched meanwhile: the two servers are waited on at once.
        var trackerChanges = _fullTracker ? null : FetchTrackerChangesAsync();
        try
        {
            using (_report.Timings.Measure("mail.read"))
            {
                await ReadMailAsync();
            }
        }
        catch when (trackerChanges is not null)
        {
            // The mail's failure is the one reported; the tracker fetch is waited for and its own failure,
            // if any, marked observed.
            await Task.WhenAny(trackerChanges);
            _ = trackerChanges.Exception;
            throw;
        }

        ReturnMemoryAfterBigStep();

        await ReadTrackerAsync(trackerChanges);
        await SyncChunksAsync(_memory.Touched.Order().ToList());

        if (_request.DryRun)
        {
            return;
        }

        await FinishAsync();
    }

    /// <summary>
    /// Plans and carries out <paramref name="ids"/> in chunks: what one chunk plans, writes and commits is
    /// garbage before the next starts, so a 100k-patch first sync never holds 100k actions, retags and
    /// records at once. Each chunk commits its own results; the checkpoints advance only at the end.
    /// </summary>
    private async Task SyncChunksAsync(IReadOnlyList<long> ids)
    {
        foreach (var chunk in ids.Chunk(Math.Max(1, _request.ChunkSize)))
        {
            await EnsureLoadedAsync(chunk);
            if (_project.ExtraTags)
            {
                await ReadSeriesAsync(chunk);
            }

            var plan = Plan(chunk);
            if (!_request.DryRun)
            {
                using (_report.Timings.Measure("execute"))
                {
                    await ExecuteAsync(plan, chunk);
                }
            }

            _memory.ForgetChunk(chunk);
            _synced += chunk.Length;
            Progress("syncing", _synced);
        }
    }

    private async Task ChooseModeAsync()
    {
        var checkpoints = _state.Checkpoints;
        DateTimeOffset? storedEpoch = checkpoints.TryGetValue(CheckpointNames.Epoch, out var e) ? EventWindow.ParseTime(e) : null;
        var epoch = _request.Epoch ?? _project.Epoch ?? storedEpoch;
        var neverRead = !checkpoints.ContainsKey(CheckpointNames.TrackerReadAt);
        if (epoch is null)
        {
            // State exists, but not for this tracker and project: most often a changed (or mistyped) tracker
            // URL. An unreachable tracker is the thing to report then, not the missing date.
            await GuardAsync(SyncArea.Tracker, $"project '{_project.LinkName}'", async () =>
            {
                await _project.Tracker.EnsureProjectAsync(_project.LinkName, Token);
                return true;
            });
            throw new SyncAreaException(SyncArea.Usage, $"never synced with {_project.Tracker.Name}: the first sync needs a start date: pass --epoch DATE or set epoch in the project's config");
        }

        _epoch = epoch.Value;
        var fullCheckDue = !checkpoints.TryGetValue(CheckpointNames.FullCheckAt, out var last)
            || EventWindow.ParseTime(last) + _project.FullCheckInterval <= _started;
        // A changed epoch widens (or narrows) the window: list it once in full.
        var epochChanged = storedEpoch is not null && storedEpoch != _epoch;
        _fullTracker = _request.Full || neverRead || fullCheckDue || epochChanged;
        _report.Mode = _fullTracker ? "full" : "incremental";
        if (storedEpoch != _epoch)
        {
            _finalCommit.Checkpoints[CheckpointNames.Epoch] = EventWindow.FormatTime(_epoch);
        }
    }

    private List<PlannedAction> Plan(long[] ids)
    {
        var inputs = new List<PatchSyncInput>(ids.Length);
        foreach (var id in ids)
        {
            if (Input(id) is { } input)
            {
                inputs.Add(input);
            }
        }

        _report.Planned += inputs.Count;
        var plan = SyncPlanner.Plan(inputs, _project.Planner).ToList();
        _memory.AgreeOnLandedPushes(inputs, plan);

        if (_request.DryRun || _request.KeepPlan)
        {
            _report.Plan.AddRange(plan);
        }

        _report.MailMissing += plan.Count(a => a is MailMissing);
        return plan;
    }

    /// <summary>The planner's input for one patch (see <see cref="RunMemory.Input"/>), warning once per unknown state.</summary>
    private PatchSyncInput? Input(long id, PatchSnapshot? baseOverride = null)
    {
        var input = _memory.Input(id, baseOverride);
        if (input is not null)
        {
            WarnUnknownState(input.Tracker.State);
        }

        return input;
    }

    private void WarnUnknownState(string state)
    {
        if (!PatchworkStates.IsBuiltIn(state) && !_project.Planner.Mapping.IsConfigured(state) && _warnedStates.Add(state))
        {
            _report.Warnings.Add($"{_project.Name}: state '{state}' is not one of Patchwork's built-in states; it is tagged '{_project.Planner.Mapping.TagFor(state)}'");
        }
    }

    private void Progress(string phase, long done, long? total = null) =>
        _request.Progress?.Report(new SyncProgress(_project.Name, phase, done, total));

    private async Task CommitAsync(StateCommit commit, string detail)
    {
        if (commit.IsEmpty)
        {
            return;
        }

        await GuardAsync(SyncArea.State, "writing state", async () =>
        {
            await _store.CommitAsync(_project.Scope, commit, Token);
            return true;
        });
        await StepAsync(SyncStepKind.StateCommit, detail);
    }

    private ValueTask StepAsync(SyncStepKind kind, string detail) =>
        _request.AfterStep?.Invoke(new SyncStep(kind, _project.Name, detail), Token) ?? ValueTask.CompletedTask;

    /// <summary>Runs an I/O call and tags any failure with its area, so the CLI can pick the exit code.</summary>
    private async Task<T> GuardAsync<T>(SyncArea area, string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw;
        }
        catch (SyncAreaException)
        {
            throw;
        }
        catch (TrackerException e)
        {
            throw new SyncAreaException(SyncArea.Tracker, $"{_project.Tracker.Name}: {what}: {e.Message}", e);
        }
        catch (Exception e) when (area != SyncArea.Tracker || e is HttpRequestException or TimeoutException or IOException)
        {
            var where = area switch
            {
                SyncArea.Mail => _project.Store.Name,
                SyncArea.Tracker => _project.Tracker.Name,
                _ => "state store",
            };
            throw new SyncAreaException(area, $"{where}: {what}: {e.Message}", e);
        }
    }
}

using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Sync.Engine;

/// <summary>
/// One project's run, orchestrated: the mode (full or incremental), then mail intake (<see cref="MailIntake"/>)
/// while the tracker's changes are fetched (<c>ProjectRun.Tracker.cs</c>, <see cref="EventWindow"/>), then the
/// touched patches planned and carried out chunk by chunk (<see cref="PlanExecutor"/>, pushes through
/// <see cref="OutboxPusher"/>), and last the checkpoints. What the run knows is in <see cref="RunMemory"/>,
/// kept current as steps succeed; every commit writes from it.
/// </summary>
internal sealed partial class ProjectRun
{
    /// <summary>Messages read plus patches synced from which a run counts as big (see <c>ReturnMemoryAfterBigStep</c>).</summary>
    private const long BigRun = 20_000;

    private readonly RunContext _run;
    private readonly TimeProvider _time;

    private readonly StateLoader _loader;
    private readonly MailIntake _mail;
    private readonly PlanExecutor _executor;
    private readonly OutboxPusher _pusher;
    private readonly HashSet<string> _warnedStates = new(StringComparer.Ordinal);

    private bool _fullTracker;
    private long _synced;
    private MailCheckpoint? _mailCheckpoint;

    /// <summary>A run of <paramref name="project"/>, reporting into <paramref name="report"/>.</summary>
    public ProjectRun(SyncProject project, SyncRequest request, IStateStore store, TimeProvider time, ProjectReport report, CancellationToken cancellationToken)
    {
        _run = new RunContext(project, request, store, report, cancellationToken);
        _time = time;
        _loader = new StateLoader(_run);
        _mail = new MailIntake(_run, _loader);
        // The pusher replans through the executor, which sends its pushes through the pusher.
        _pusher = new OutboxPusher(_run, (id, baseOverride) => _executor!.ReplanAsync(id, baseOverride));
        _executor = new PlanExecutor(_run, Input, _pusher);
    }

    /// <summary>Runs the project once; a failure is thrown as a <see cref="SyncAreaException"/> with its area.</summary>
    public async Task RunAsync()
    {
        _run.Started = _time.GetUtcNow();
        _run.State = await _run.GuardAsync(SyncArea.State, "loading state", () => _run.Store.LoadHeaderAsync(_run.Project.Scope, _run.CancellationToken));
        _run.Memory.TakeOutbox(_run.State.Outbox);
        await ChooseModeAsync();
        _run.Report.Started = true;
        if (_fullTracker || _run.Request.Full)
        {
            // Every known patch is planned again: load them all at once.
            await _loader.LoadAllAsync();
        }

        // Mail first: with every message's tags known, a full listing is planned and carried out chunk by
        // chunk as it arrives, instead of being held whole. An incremental run's tracker side (events and
        // the patches they name) is fetched meanwhile: the two servers are waited on at once.
        var trackerChanges = _fullTracker ? null : FetchTrackerChangesAsync();
        try
        {
            using (_run.Report.Timings.Measure("mail.read"))
            {
                _mailCheckpoint = await _mail.ReadAsync();
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
        await SyncChunksAsync(_run.Memory.Touched.Order().ToList());

        if (_run.Request.DryRun)
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
        foreach (var chunk in ids.Chunk(_run.ChunkSize))
        {
            await _loader.EnsureLoadedAsync(chunk);
            if (_run.Project.ExtraTags)
            {
                await ReadSeriesAsync(chunk);
            }

            var plan = Plan(chunk);
            if (!_run.Request.DryRun)
            {
                using (_run.Report.Timings.Measure("execute"))
                {
                    await _executor.ExecuteAsync(plan, chunk);
                }
            }

            _run.Memory.ForgetChunk(chunk);
            _synced += chunk.Length;
            _run.Progress("syncing", _synced);
        }
    }

    /// <summary>The last step: what was read (tracker values, mail tags) and the checkpoints covering it, with the run's log entry.</summary>
    private async Task FinishAsync()
    {
        _pusher.MarkOwnPushEventsSeen();

        // Normally empty: every patch read was touched and recorded with its chunk.
        foreach (var id in _run.Memory.Fresh.Keys.ToList())
        {
            _run.Memory.RecordFresh(_run.FinalCommit, id);
        }

        if ((_executor.CheckpointPastWrites ?? _mailCheckpoint) is { } mail)
        {
            // A big run's working set is garbage now, and the checkpoint text about to be made can be megabytes.
            ReturnMemoryAfterBigStep();
            _run.FinalCommit.Checkpoints[CheckpointNames.MailKind] = mail.Kind;
            _run.FinalCommit.Checkpoints[CheckpointNames.Mail] = mail.Value;
        }

        await _run.CommitAsync(_run.FinalCommit, "checkpoints");
    }

    /// <summary>
    /// After a step that handled many messages (a full mail read, the last chunk of a big run), hands the
    /// garbage's memory back to the system at once. The GC would otherwise keep it committed for a while,
    /// and pwsync runs beside a mail client from a timer: its peak RSS matters more than one collection.
    /// </summary>
    private void ReturnMemoryAfterBigStep()
    {
        if (_run.Report.MailRead + _synced >= BigRun)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    private async Task ChooseModeAsync()
    {
        var checkpoints = _run.State.Checkpoints;
        DateTimeOffset? storedEpoch = checkpoints.TryGetValue(CheckpointNames.Epoch, out var e) ? EventWindow.ParseTime(e) : null;
        var epoch = _run.Request.Epoch ?? _run.Project.Epoch ?? storedEpoch;
        var neverRead = !checkpoints.ContainsKey(CheckpointNames.TrackerReadAt);
        if (epoch is null)
        {
            // State exists, but not for this tracker and project: most often a changed (or mistyped) tracker
            // URL. An unreachable tracker is the thing to report then, not the missing date.
            await _run.GuardAsync(SyncArea.Tracker, $"project '{_run.Project.LinkName}'", async () =>
            {
                await _run.Project.Tracker.EnsureProjectAsync(_run.Project.LinkName, _run.CancellationToken);
                return true;
            });
            throw new SyncAreaException(SyncArea.Usage, $"never synced with {_run.Project.Tracker.Name}: the first sync needs a start date: pass --epoch DATE or set epoch in the project's config");
        }

        _run.Epoch = epoch.Value;
        var fullCheckDue = !checkpoints.TryGetValue(CheckpointNames.FullCheckAt, out var last)
            || EventWindow.ParseTime(last) + _run.Project.FullCheckInterval <= _run.Started;
        // A changed epoch widens (or narrows) the window: list it once in full.
        var epochChanged = storedEpoch is not null && storedEpoch != _run.Epoch;
        _fullTracker = _run.Request.Full || neverRead || fullCheckDue || epochChanged;
        _run.Report.Mode = _fullTracker ? "full" : "incremental";
        if (storedEpoch != _run.Epoch)
        {
            _run.FinalCommit.Checkpoints[CheckpointNames.Epoch] = EventWindow.FormatTime(_run.Epoch);
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

        _run.Report.Planned += inputs.Count;
        var plan = SyncPlanner.Plan(inputs, _run.Project.Planner).ToList();
        _run.Memory.AgreeOnLandedPushes(inputs, plan);

        if (_run.Request.DryRun || _run.Request.KeepPlan)
        {
            _run.Report.Plan.AddRange(plan);
        }

        _run.Report.MailMissing += plan.Count(a => a is MailMissing);
        return plan;
    }

    /// <summary>The planner's input for one patch (see <see cref="RunMemory.Input"/>), warning once per unknown state.</summary>
    private PatchSyncInput? Input(long id, PatchSnapshot? baseOverride = null)
    {
        var input = _run.Memory.Input(id, baseOverride);
        if (input is not null)
        {
            WarnUnknownState(input.Tracker.State);
        }

        return input;
    }

    private void WarnUnknownState(string state)
    {
        if (!PatchworkStates.IsBuiltIn(state) && !_run.Project.Planner.Mapping.IsConfigured(state) && _warnedStates.Add(state))
        {
            _run.Report.Warnings.Add($"{_run.Project.Name}: state '{state}' is not one of Patchwork's built-in states; it is tagged '{_run.Project.Planner.Mapping.TagFor(state)}'");
        }
    }
}

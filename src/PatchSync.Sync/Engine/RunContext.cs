using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>
/// What every part of one project's run shares: the project and request, the state store, the report, the
/// run's memory, and the one way each of them does I/O (<see cref="GuardAsync"/>), commits state
/// (<see cref="CommitAsync"/>) and tells the caller about a step (<see cref="StepAsync"/>).
/// </summary>
internal sealed class RunContext
{
    public RunContext(SyncProject project, SyncRequest request, IStateStore store, ProjectReport report, CancellationToken cancellationToken)
    {
        Project = project;
        Request = request;
        Store = store;
        Report = report;
        CancellationToken = cancellationToken;
        Memory = new RunMemory(project.ExtraTags ? project.Planner.Mapping.Prefix : null);
    }

    /// <summary>The project being synced.</summary>
    public SyncProject Project { get; }

    /// <summary>The run's options.</summary>
    public SyncRequest Request { get; }

    /// <summary>The state store.</summary>
    public IStateStore Store { get; }

    /// <summary>The project's report, filled as the run goes.</summary>
    public ProjectReport Report { get; }

    /// <summary>What the run knows (see <see cref="RunMemory"/>).</summary>
    public RunMemory Memory { get; }

    /// <summary>Cancels the run.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; set; }

    /// <summary>The state's header as the run found it (checkpoints and outbox).</summary>
    public ProjectState State { get; set; } = ProjectState.Empty;

    /// <summary>The first day patches are synced from.</summary>
    public DateTimeOffset Epoch { get; set; }

    /// <summary>The checkpoints and records written last, once everything they cover is recorded.</summary>
    public StateCommit FinalCommit { get; } = new();

    /// <summary>The chunk size, at least 1.</summary>
    public int ChunkSize => Math.Max(1, Request.ChunkSize);

    /// <summary>Tells the request's progress reporter how far a phase is.</summary>
    public void Progress(string phase, long done, long? total = null) =>
        Request.Progress?.Report(new SyncProgress(Project.Name, phase, done, total));

    /// <summary>Commits <paramref name="commit"/> (nothing when it is empty), then tells the request's step hook.</summary>
    public async Task CommitAsync(StateCommit commit, string detail)
    {
        if (commit.IsEmpty)
        {
            return;
        }

        await GuardAsync(SyncArea.State, "writing state", async () =>
        {
            await Store.CommitAsync(Project.Scope, commit, CancellationToken);
            return true;
        });
        await StepAsync(SyncStepKind.StateCommit, detail);
    }

    /// <summary>Tells the request's step hook (tests kill the run there) that a step is done.</summary>
    public ValueTask StepAsync(SyncStepKind kind, string detail) =>
        Request.AfterStep?.Invoke(new SyncStep(kind, Project.Name, detail), CancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>Runs an I/O call and tags any failure with its area, so the CLI can pick the exit code.</summary>
    public async Task<T> GuardAsync<T>(SyncArea area, string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SyncAreaException)
        {
            throw;
        }
        catch (TrackerFailureException e)
        {
            throw new SyncAreaException(SyncArea.Tracker, $"{Project.Tracker.Name}: {what}: {e.Message}", e);
        }
        catch (Exception e) when (area != SyncArea.Tracker || e is HttpRequestException or TimeoutException or IOException)
        {
            var where = area switch
            {
                SyncArea.Mail => Project.Store.Name,
                SyncArea.Tracker => Project.Tracker.Name,
                _ => "state store",
            };
            throw new SyncAreaException(area, $"{where}: {what}: {e.Message}", e);
        }
    }
}

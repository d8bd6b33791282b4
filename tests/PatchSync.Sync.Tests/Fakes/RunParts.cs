namespace PatchSync.Sync.Tests.Fakes;

/// <summary>
/// A project run's shared context over a harness's fakes and its real state file, for driving one part of
/// the run (mail intake, pushing, execution) on its own. Every step the part reports is kept in <see cref="Steps"/>.
/// </summary>
internal sealed class RunParts : IAsyncDisposable
{
    private readonly StateStore _store;

    private RunParts(StateStore store, RunContext run, List<string> steps)
    {
        _store = store;
        Store = store;
        Run = run;
        Steps = steps;
    }

    /// <summary>The state file, as the run sees it.</summary>
    public IStateStore Store { get; }

    public RunContext Run { get; }

    /// <summary>The steps reported so far, as "Kind detail".</summary>
    public List<string> Steps { get; }

    public static async Task<RunParts> OpenAsync(SyncHarness harness, bool dryRun = false)
    {
        var store = await StateStore.OpenAsync(harness.StatePath, harness.Time);
        var steps = new List<string>();
        var request = new SyncRequest([harness.Project()])
        {
            DryRun = dryRun,
            ChunkSize = harness.ChunkSize,
            AfterStep = (step, _) =>
            {
                lock (steps)
                {
                    steps.Add($"{step.Kind} {step.Detail}");
                }

                return ValueTask.CompletedTask;
            },
        };
        var project = request.Projects[0];
        var run = new RunContext(project, request, store, new ProjectReport(project.Name), CancellationToken.None)
        {
            Started = harness.Time.GetUtcNow(),
            Epoch = SyncHarness.Epoch,
        };
        run.State = await ((IStateStore)store).LoadHeaderAsync(project.Scope, CancellationToken.None);
        run.Memory.TakeOutbox(run.State.Outbox);
        return new RunParts(store, run, steps);
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}

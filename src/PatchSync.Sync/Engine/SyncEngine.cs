using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatchSync.Sync.State;

namespace PatchSync.Sync.Engine;

/// <summary>
/// Runs one sync of every requested project: reads both sides (incrementally where it can), plans each
/// touched patch with the pure <see cref="Core.Planning.SyncPlanner"/>, and carries the plan out through
/// the tracker, the mail store and the state store, committing state after every side effect so that a
/// run killed anywhere is finished by the next one. Projects run one after another; a failure in one is
/// reported and the others still run. One engine run at a time per state store is the caller's job
/// (the CLI holds the state lock).
/// </summary>
public sealed class SyncEngine
{
    private readonly ISyncStateStore _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SyncEngine(ISyncStateStore state, TimeProvider? time = null, ILogger<SyncEngine>? logger = null)
    {
        _state = state;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SyncEngine>.Instance;
    }

    /// <summary>Syncs every project of <paramref name="request"/>.</summary>
    /// <returns>A report per project; failures are in the reports, not thrown.</returns>
    public async Task<SyncReport> RunAsync(SyncRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reports = new List<ProjectReport>();
        foreach (var project in request.Projects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = new ProjectReport(project.Name);
            reports.Add(report);
            using (report.Timings.Measure("total"))
            {
                try
                {
                    await new ProjectRun(project, request, _state, _time, report).RunAsync(cancellationToken);
                }
                catch (SyncAreaException e)
                {
                    report.Errors.Add(new SyncError(e.Area, $"{project.Name}: {e.Message}"));
                    _logger.LogError("{Project}: {Message}", project.Name, e.Message);
                }
            }
        }

        return new SyncReport(reports, request.DryRun);
    }
}

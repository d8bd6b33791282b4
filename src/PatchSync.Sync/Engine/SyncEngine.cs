using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatchSync.Core.Diagnostics;
using PatchSync.Core.Ports;

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
    private readonly IStateStore _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>An engine over one state store.</summary>
    /// <param name="state">The state store (its lock is the caller's).</param>
    /// <param name="time">The clock (the system's when null).</param>
    /// <param name="logger">Where a project's failure details and run-log trouble go (nowhere when null).</param>
    public SyncEngine(IStateStore state, TimeProvider? time = null, ILogger<SyncEngine>? logger = null)
    {
        _state = state;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SyncEngine>.Instance;
    }

    /// <summary>Syncs every project of <paramref name="request"/>.</summary>
    /// <returns>A report per project; failures are in the reports, not thrown (cancellation is thrown).</returns>
    public async Task<SyncReport> RunAsync(SyncRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A dry run writes nothing, not even the runs log.
        var runId = request.DryRun ? (long?)null : await _state.BeginRunAsync(cancellationToken);
        var reports = new List<ProjectReport>();
        var cancelled = false;
        string? crash = null;
        try
        {
            foreach (var project in request.Projects)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var report = new ProjectReport(project.Name);
                reports.Add(report);
                await RunProjectAsync(project, request, report, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            throw;
        }
        catch (Exception e)
        {
            // Not an area failure (those are in the reports): the run log must not say it succeeded.
            crash = e.Message;
            throw;
        }
        finally
        {
            if (runId is { } id)
            {
                await EndRunAsync(id, reports, cancelled, crash);
            }
        }

        return new SyncReport(reports, request.DryRun);
    }

    private async Task RunProjectAsync(SyncProject project, SyncRequest request, ProjectReport report, CancellationToken cancellationToken)
    {
        using (report.Timings.Measure("total"))
        {
            try
            {
                await new ProjectRun(project, request, _state, _time, report, cancellationToken).RunAsync();
            }
            catch (SyncAreaException e)
            {
                report.Errors.Add(new SyncError(e.Area, $"{project.Name}: {e.Message}"));
                // The report carries the error and the CLI prints it once; the log keeps it for -v only.
                _logger.LogDebug("{Project}: {Message}", project.Name, e.Message);
            }
        }
    }

    private async Task EndRunAsync(long runId, List<ProjectReport> reports, bool cancelled, string? crash)
    {
        var timings = new PhaseTimings();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            timings.Merge(report.Timings, report.Project + ".");
            foreach (var (key, value) in report.Counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        }

        var failed = reports.Count(r => r.Failed);
        var outcome = cancelled ? RunSummaryOutcome.Cancelled
            : crash is not null ? RunSummaryOutcome.Failed
            : failed == 0 ? RunSummaryOutcome.Succeeded
            : failed == reports.Count ? RunSummaryOutcome.Failed
            : RunSummaryOutcome.PartlyFailed;
        var error = crash ?? reports.SelectMany(r => r.Errors).FirstOrDefault()?.Message;
        try
        {
            // Not cancellable: the log entry should close even when the run was stopped.
            await _state.EndRunAsync(runId, new RunSummary(outcome, counts, timings, error), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning("could not close the runs log entry: {Message}", e.Message);
        }
    }
}

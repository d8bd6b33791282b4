using PatchSync.Core.Diagnostics;
using PatchSync.Core.Ports;

namespace PatchSync.State.Model;

/// <summary>What a run reports when it ends; stored in the runs log.</summary>
/// <param name="Result">How it ended.</param>
/// <param name="Counts">Named counters (patches, retags, pushes, conflicts, requests...).</param>
/// <param name="TimingsSeconds">Seconds per named phase.</param>
/// <param name="Error">The one-line error when it failed, else null. Must not contain secrets.</param>
public sealed record RunOutcome(
    RunSummaryOutcome Result,
    IReadOnlyDictionary<string, long>? Counts = null,
    IReadOnlyDictionary<string, double>? TimingsSeconds = null,
    string? Error = null)
{
    /// <summary>An outcome carrying every counter and phase of <paramref name="timings"/>.</summary>
    public static RunOutcome From(RunSummaryOutcome result, PhaseTimings timings, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(timings);
        return new RunOutcome(
            result,
            timings.Counters,
            timings.Phases.ToDictionary(p => p.Key, p => p.Value.TotalSeconds, StringComparer.Ordinal),
            error);
    }
}

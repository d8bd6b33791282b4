using PatchSync.Core.Diagnostics;

namespace PatchSync.Core.Ports;

/// <summary>How a run ended, for the runs log.</summary>
/// <param name="Outcome">What happened overall.</param>
/// <param name="Counts">Counters summed over the projects.</param>
/// <param name="Timings">Phase timings.</param>
/// <param name="Error">The first error, one line, if any.</param>
public sealed record RunSummary(RunSummaryOutcome Outcome, IReadOnlyDictionary<string, long> Counts, PhaseTimings Timings, string? Error);

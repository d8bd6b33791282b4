using PatchSync.Core.Ports;
namespace PatchSync.State.Model;

/// <summary>One row of the runs log.</summary>
/// <param name="Id">Run id (from <c>BeginRunAsync</c>).</param>
/// <param name="Started">When it began.</param>
/// <param name="Ended">When it ended, or null if it is running or was interrupted.</param>
/// <param name="Result">How it ended, or null if it is running or was interrupted.</param>
/// <param name="Counts">Named counters.</param>
/// <param name="TimingsSeconds">Seconds per phase.</param>
/// <param name="Error">The one-line error, or null.</param>
public sealed record RunRecord(
    long Id,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    RunSummaryOutcome? Result,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyDictionary<string, double> TimingsSeconds,
    string? Error);

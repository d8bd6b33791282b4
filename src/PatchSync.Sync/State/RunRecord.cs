namespace PatchSync.Sync.State;

/// <summary>One entry of the runs log.</summary>
/// <param name="Started">When the run started.</param>
/// <param name="Finished">When it finished.</param>
/// <param name="Mode"><c>full</c> or <c>incremental</c>.</param>
/// <param name="Outcome"><c>ok</c>, <c>errors</c> or <c>conflicts</c>.</param>
/// <param name="Counts">Counters (retagged, pushed, recorded, conflicts, mail-missing...).</param>
public sealed record RunRecord(
    DateTimeOffset Started,
    DateTimeOffset Finished,
    string Mode,
    string Outcome,
    IReadOnlyDictionary<string, long> Counts);

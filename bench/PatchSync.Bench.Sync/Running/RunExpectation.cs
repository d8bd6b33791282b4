namespace PatchSync.Bench.Sync.Running;

/// <summary>What a run must have done to count (exact retag and push counts), and its target from the issue.</summary>
public sealed record RunExpectation(long Retagged, long Pushed, double TargetSeconds, long? TargetRssMb = null);

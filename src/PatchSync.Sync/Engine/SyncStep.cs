namespace PatchSync.Sync.Engine;

/// <summary>One side effect of a run, as passed to <see cref="SyncRequest.AfterStep"/>.</summary>
public sealed record SyncStep(SyncStepKind Kind, string Project, string Detail);

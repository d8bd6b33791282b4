namespace PatchSync.Cli.Running;

/// <summary>The command line of <c>pwsync [sync]</c>, parsed.</summary>
internal sealed record SyncOptions(
    string ConfigPath,
    bool Full,
    DateTimeOffset? Epoch,
    IReadOnlyList<string> Projects,
    bool DryRun,
    bool Json,
    bool Timings,
    Verbosity Verbosity,
    bool Force = false);

using PatchSync.Cli.Running;

namespace PatchSync.Cli.Daemon;

/// <summary>Settings of <c>pwsync daemon</c>.</summary>
/// <param name="Interval">Time between the end of one run and the start of the next.</param>
/// <param name="Sync">The sync options every iteration uses.</param>
/// <param name="Console">Where results go.</param>
internal sealed record DaemonOptions(TimeSpan Interval, SyncOptions Sync, CliConsole Console);

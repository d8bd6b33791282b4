namespace PatchSync.Cli.Running;

/// <summary>How much pwsync prints: <c>-q</c> errors only, default summary, <c>-v</c> every action and debug logs.</summary>
internal enum Verbosity
{
    Quiet,
    Normal,
    Verbose,
}

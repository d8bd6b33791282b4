namespace PatchSync.Testing.Server;

/// <summary>The outcome of one pwsync-server admin command run as a child process.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>Throws with the command's stderr when it did not exit 0.</summary>
    public CommandResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"pwsync-server {what} exited {ExitCode}: {Error.Trim()}");
}

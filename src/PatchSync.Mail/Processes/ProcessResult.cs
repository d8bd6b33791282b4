namespace PatchSync.Mail.Processes;

/// <summary>What a finished child process left: its exit code and everything it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The first non-empty stderr line, for one-line error messages.</summary>
    public string FirstErrorLine =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
        ?? $"exit code {ExitCode}";
}

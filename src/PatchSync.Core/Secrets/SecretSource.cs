using System.Diagnostics;

namespace PatchSync.Core.Secrets;

/// <summary>
/// Where a secret (tracker token, IMAP password) comes from: written inline, read from a file, printed by
/// a command, or taken from an environment variable. The secret itself is only read when needed
/// (<see cref="ReadAsync"/>) and is never part of a message; <see cref="ToString"/> names the source only.
/// </summary>
/// <param name="Kind">Which of the four sources.</param>
/// <param name="Reference">The inline value, the file path, the command line or the variable name.</param>
public sealed record SecretSource(SecretSourceKind Kind, string Reference)
{
    /// <summary>How long a secret command may run.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Names the source, never the value.</summary>
    public override string ToString() => Kind switch
    {
        SecretSourceKind.Inline => "inline value",
        SecretSourceKind.File => $"file {Reference}",
        SecretSourceKind.Command => "command",
        SecretSourceKind.Environment => $"environment variable {Reference}",
        _ => Kind.ToString(),
    };

    /// <summary>
    /// Reads the secret: the first line of what the source gives, without its line ending. Spaces inside
    /// the line are kept (a password may have them).
    /// </summary>
    /// <param name="key">The configuration key it was set with (<c>trackers.kernel.token</c>, <c>password</c>), used in messages as <c>KEY_file</c>, <c>KEY_env</c>, <c>KEY_command</c>.</param>
    /// <param name="cancellationToken">Stops a running command.</param>
    /// <exception cref="SecretException">The secret cannot be read or is empty (what and where, one line).</exception>
    public async Task<string> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var value = Kind switch
        {
            SecretSourceKind.Inline => Reference,
            SecretSourceKind.Environment => Environment.GetEnvironmentVariable(Reference)
                ?? throw new SecretException($"{key}_env: environment variable {Reference} is not set"),
            SecretSourceKind.File => await ReadFileAsync(Reference, key, cancellationToken),
            SecretSourceKind.Command => await RunAsync(Reference, key, cancellationToken),
            _ => throw new SecretException($"{key}: unknown source"),
        };
        value = value.Split('\n', 2)[0].TrimEnd('\r');
        return value.Trim().Length == 0 ? throw new SecretException($"{key}: {this} gave an empty value") : value;
    }

    private static async Task<string> ReadFileAsync(string path, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretException($"{key}_file: cannot read {path}: {e.Message}", e);
        }
    }

    private static async Task<string> RunAsync(string command, string key, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new SecretException($"{key}_command: cannot start /bin/sh");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            // Drained so the command cannot block; never shown (it may echo the secret).
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            _ = await stderr;
            return process.ExitCode == 0
                ? output
                : throw new SecretException($"{key}_command exited with code {process.ExitCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new SecretException($"{key}_command did not finish within {CommandTimeout.TotalSeconds:F0} s");
        }
    }
}

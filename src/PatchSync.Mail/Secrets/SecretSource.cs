using System.Diagnostics;

namespace PatchSync.Mail.Secrets;

/// <summary>
/// Where a password comes from: the output of a command, the first line of a file, or an environment
/// variable. Exactly one must be set. The value is never logged and never put in an exception message;
/// errors name only the source.
/// </summary>
/// <param name="Command">A command line run through <c>/bin/sh -c</c> (like mbsync's PassCmd, e.g. <c>pass show mail</c>); its stdout minus the trailing newline is the password.</param>
/// <param name="File">A file whose first line is the password.</param>
/// <param name="EnvironmentVariable">The name of an environment variable holding the password.</param>
public sealed record SecretSource(string? Command = null, string? File = null, string? EnvironmentVariable = null)
{
    /// <summary>How long a password command may run.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Reads the secret. Throws <see cref="InvalidOperationException"/> with a one-line reason naming the source.</summary>
    public async Task<string> ResolveAsync(CancellationToken cancellationToken = default)
    {
        var set = (Command is null ? 0 : 1) + (File is null ? 0 : 1) + (EnvironmentVariable is null ? 0 : 1);
        if (set != 1)
        {
            throw new InvalidOperationException("exactly one of password_command, password_file, password_env must be set");
        }

        if (EnvironmentVariable is not null)
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrEmpty(value)
                ? throw new InvalidOperationException($"password_env: environment variable {EnvironmentVariable} is not set or empty")
                : value;
        }

        if (File is not null)
        {
            string text;
            try
            {
                text = await System.IO.File.ReadAllTextAsync(File, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"password_file: cannot read {File}: {e.Message}", e);
            }

            var line = text.Split('\n', 2)[0].TrimEnd('\r');
            return line.Length == 0 ? throw new InvalidOperationException($"password_file: {File} is empty") : line;
        }

        return await RunCommandAsync(Command!, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> RunCommandAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("password_command: cannot start /bin/sh");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            _ = await stderr.ConfigureAwait(false); // drained so the command cannot block; never shown (may echo secrets)
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"password_command exited with code {process.ExitCode}");
            }

            var password = output.TrimEnd('\n', '\r');
            return password.Length == 0 ? throw new InvalidOperationException("password_command printed nothing") : password;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"password_command did not finish within {CommandTimeout.TotalSeconds:F0} s");
        }
    }
}

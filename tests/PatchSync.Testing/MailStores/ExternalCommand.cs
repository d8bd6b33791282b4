using System.Diagnostics;

namespace PatchSync.Testing.MailStores;

/// <summary>Runs a test helper program (doveadm, notmuch, the Dovecot scripts) with an argument list, no shell.</summary>
public static class ExternalCommand
{
    /// <summary>Runs and returns stdout; a non-zero exit throws with the command and its stderr.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string? stdin = null, CancellationToken cancellationToken = default)
    {
        var (code, stdout, stderr) = await TryRunAsync(fileName, arguments, stdin, true, cancellationToken);
        return code == 0
            ? stdout
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {code}: {stderr.Trim()}");
    }

    /// <summary>
    /// Runs and returns exit code, stdout and stderr. With <paramref name="capture"/> false the output is
    /// not read (empty strings): needed for programs that leave a daemon behind holding the pipes open.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(
        string fileName, IEnumerable<string> arguments, string? stdin = null, bool capture = true, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = capture,
            RedirectStandardError = capture,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + fileName);
        var stdout = capture ? process.StandardOutput.ReadToEndAsync(cancellationToken) : Task.FromResult(string.Empty);
        var stderr = capture ? process.StandardError.ReadToEndAsync(cancellationToken) : Task.FromResult(string.Empty);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}

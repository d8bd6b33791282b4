using System.Diagnostics;
using PatchSync.Cli.Configuration;

namespace PatchSync.Cli.Running;

/// <summary>Reads a tracker token from its <see cref="SecretSource"/>. Error messages name the source, never the value.</summary>
internal static class SecretReader
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <exception cref="ConfigException">The secret cannot be read (what and where, one line).</exception>
    public static async Task<string> ReadAsync(SecretSource source, string key, CancellationToken cancellationToken)
    {
        var value = source.Kind switch
        {
            SecretSourceKind.Inline => source.Reference,
            SecretSourceKind.Environment => Environment.GetEnvironmentVariable(source.Reference)
                ?? throw new ConfigException($"{key}_env: environment variable {source.Reference} is not set"),
            SecretSourceKind.File => await ReadFileAsync(source.Reference, key, cancellationToken),
            SecretSourceKind.Command => await RunAsync(source.Reference, key, cancellationToken),
            _ => throw new ConfigException($"{key}: unknown source"),
        };
        value = value.Split('\n', 2)[0].Trim();
        return value.Length == 0 ? throw new ConfigException($"{key}: {source} gave an empty value") : value;
    }

    private static async Task<string> ReadFileAsync(string path, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{key}_file: cannot read {path}: {e.Message}", e);
        }
    }

    private static async Task<string> RunAsync(string command, string key, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new ConfigException($"{key}_command: cannot start /bin/sh");
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
                : throw new ConfigException($"{key}_command exited with code {process.ExitCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new ConfigException($"{key}_command did not finish within {CommandTimeout.TotalSeconds:F0} s");
        }
    }
}

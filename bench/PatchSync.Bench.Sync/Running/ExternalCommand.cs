using System.Diagnostics;

namespace PatchSync.Bench.Sync.Running;

/// <summary>Runs a helper program (doveadm, notmuch, the Dovecot scripts) and collects its output.</summary>
public static class ExternalCommand
{
    public static async Task<(int Code, string Output, string Error)> TryRunAsync(
        string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs and returns stdout; a non-zero exit throws with the program's stderr.</summary>
    public static async Task<string> RunAsync(
        string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        var list = args.ToList();
        var (code, output, error) = await TryRunAsync(program, list, environment, standardInput, cancellationToken);
        return code == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', list)} exited {code}: {error.Trim()}");
    }

    /// <summary>
    /// Runs a program that leaves a daemon behind (the Dovecot start script): its output goes to
    /// <paramref name="logFile"/>, not to pipes, because the daemon inherits them and would keep them open.
    /// </summary>
    /// <returns>The exit code and the log's text.</returns>
    public static async Task<(int Code, string Log)> RunDaemonStarterAsync(string program, IEnumerable<string> args, string logFile, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >\"$PWSYNC_BENCH_LOG\" 2>&1 </dev/null");
        info.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PWSYNC_BENCH_LOG"] = logFile;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, File.Exists(logFile) ? await File.ReadAllTextAsync(logFile, cancellationToken) : "");
    }
}

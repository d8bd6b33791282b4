using System.Diagnostics;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests.Support;

/// <summary>Runs the built <c>pwsync</c> (<c>dotnet pwsync.dll</c>) as a child process, as a user or a systemd timer would.</summary>
internal static class PwsyncProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "pwsync.dll");

    public static async Task<CommandResult> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsync {string.Join(' ', args)} did not finish in {Timeout}");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }
}

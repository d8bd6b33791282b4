using System.Diagnostics;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests.Support;

/// <summary>
/// Runs a shell command under a real pseudo-terminal (util-linux <c>script</c>, installed by
/// scripts/install-deps.sh), the way it runs when a user types it: its stdin, stdout and stderr are the
/// terminal unless the command redirects them. <see cref="CommandResult.Output"/> is what the terminal
/// showed, byte for byte (a terminal turns each <c>\n</c> into <c>\r\n</c>).
/// </summary>
internal static class PseudoTerminal
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<CommandResult> RunAsync(string shellCommand)
    {
        // -q: no "Script started" banner; -f: flush as written; -e: exit with the command's code;
        // -c: the command; /dev/null: no typescript file (the transcript is read from script's stdout).
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-qfec", shellCommand, "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TERM"] = "xterm-256color";
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("'script' (util-linux) not found: run scripts/install-deps.sh", e);
        }

        using (process)
        {
            // Nothing is typed: the terminal sees end of input.
            process.StandardInput.Close();
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
                throw new TimeoutException($"script -c '{shellCommand}' did not finish in {Timeout}");
            }

            return new CommandResult(process.ExitCode, await output, await error);
        }
    }

    /// <summary>A word for <c>sh -c</c>: single-quoted, so paths with spaces or <c>$</c> stay one word.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

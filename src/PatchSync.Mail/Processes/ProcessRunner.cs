using System.Diagnostics;

namespace PatchSync.Mail.Processes;

/// <summary>
/// Runs a program with an argument list (never through a shell), reading stdout and stderr
/// concurrently so neither pipe can fill and block the child. Cancelling kills the child.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> to its end and collects its exit code and output.</summary>
    /// <param name="fileName">The program, found on PATH like a shell would.</param>
    /// <param name="arguments">Passed one by one, never through a shell.</param>
    /// <param name="environment">Variables added to (or replacing) the inherited environment; null for none.</param>
    /// <param name="cancellationToken">Kills the child (its whole tree) and throws.</param>
    /// <param name="onStdoutLine">
    /// When set, stdout is handed over line by line as it arrives (on one reader task, in order) and
    /// <see cref="ProcessResult.Stdout"/> is empty: a 100k-line <c>notmuch dump</c> is then never one
    /// 10 MB string plus the buffers that grew to hold it.
    /// </param>
    /// <param name="writeInput">
    /// When set, writes the child's stdin (UTF-8, no BOM), then closes it; otherwise stdin is closed at once.
    /// Input on a pipe leaves nothing behind: no file to clean up, and a child whose parent is killed reads
    /// end of file and exits instead of working on alone.
    /// </param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken,
        Action<string>? onStdoutLine = null,
        Func<TextWriter, CancellationToken, Task>? writeInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {fileName}: {e.Message}", e);
        }

        using (process)
        {
            if (writeInput is null)
            {
                process.StandardInput.Close(); // nothing to say; a child waiting on stdin would hang otherwise
            }

            try
            {
                var stdout = onStdoutLine is null
                    ? process.StandardOutput.ReadToEndAsync(cancellationToken)
                    : ReadLinesAsync(process.StandardOutput, onStdoutLine, cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                if (writeInput is not null)
                {
                    // Written while stdout and stderr are read, so a child answering as it reads cannot block us.
                    // Process.StandardInput flushes after every write: 100k batch lines would be 200k pipe writes,
                    // each waking the child. A buffered writer on the same pipe hands it 64 KB at a time.
                    var input = new StreamWriter(process.StandardInput.BaseStream, new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
                    await WriteInputAsync(input, writeInput, cancellationToken);
                }

                await process.WaitForExitAsync(cancellationToken);
                return new ProcessResult(process.ExitCode, await stdout, await stderr);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already exited.
                }

                throw;
            }
        }
    }

    private static async Task WriteInputAsync(StreamWriter input, Func<TextWriter, CancellationToken, Task> writeInput, CancellationToken cancellationToken)
    {
        try
        {
            await writeInput(input, cancellationToken);
            await input.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // The child closed its stdin early (it failed): its exit code and stderr tell why.
        }
        finally
        {
            try
            {
                input.Close();
            }
            catch (IOException)
            {
                // Broken pipe on the final flush: as above.
            }
        }
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> onLine, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            onLine(line);
        }

        return string.Empty;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PatchSync.EndToEnd.Tests.Support;

/// <summary><c>pwsync daemon</c> as a child process, with its output collected and a SIGTERM that is timed.</summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private DaemonProcess(Process process) => _process = process;

    /// <summary>Output and logs so far (for assertion messages).</summary>
    public string Log
    {
        get
        {
            lock (_output)
            {
                return "stdout:\n" + _output + "\nstderr:\n" + _error;
            }
        }
    }

    public static DaemonProcess Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(PwsyncProcess.DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var daemon = new DaemonProcess(Process.Start(info)!);
        daemon._process.OutputDataReceived += (_, e) => daemon.Append(daemon._output, e.Data);
        daemon._process.ErrorDataReceived += (_, e) => daemon.Append(daemon._error, e.Data);
        daemon._process.BeginOutputReadLine();
        daemon._process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Waits until stdout has shown <paramref name="text"/> (the first sync's summary, say).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        while (true)
        {
            lock (_output)
            {
                if (_output.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited ({_process.ExitCode}) before printing '{text}'\n{Log}");
            }

            await Task.Delay(50, bound.Token);
        }
    }

    /// <summary>Sends SIGTERM and returns how long the daemon took to exit, and its exit code.</summary>
    public async Task<(TimeSpan Took, int ExitCode)> TerminateAsync()
    {
        var clock = Stopwatch.StartNew();
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await _process.WaitForExitAsync(bound.Token);
        return (clock.Elapsed, _process.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            to.Append(line).Append('\n');
        }
    }
}

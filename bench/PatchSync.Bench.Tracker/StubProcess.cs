using System.Diagnostics;
using System.Globalization;
using PatchSync.Testing;

namespace PatchSync.Bench.Tracker;

/// <summary>Starts this program in "serve" mode as a child process and stops it by closing its stdin.</summary>
internal sealed class StubProcess : IAsyncDisposable
{
    private readonly Process _process;

    private StubProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<StubProcess> StartAsync(int patches, LatencyModel model, bool skewed = false)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(StubProcess).Assembly.Location);
        }

        foreach (var arg in new[] { "serve", port.ToString(CultureInfo.InvariantCulture), patches.ToString(CultureInfo.InvariantCulture), model.Name, skewed ? "skewed" : "even" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the stub process");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"stub process did not start: {line}");
        }

        return new StubProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

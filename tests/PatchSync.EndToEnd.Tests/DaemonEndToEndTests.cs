using System.Diagnostics;
using System.Globalization;
using PatchSync.EndToEnd.Tests.Support;

namespace PatchSync.EndToEnd.Tests;

/// <summary><c>pwsync daemon</c> as a process: syncs, and stops cleanly on SIGTERM.</summary>
public sealed class DaemonEndToEndTests : IAsyncLifetime
{
    private SyncWorld _w = null!;

    public async Task InitializeAsync() => _w = await SyncWorld.CreateAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Daemon_SyncsThenStopsCleanlyOnSigterm()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { PwsyncProcess.DllPath, "--config", _w.ConfigPath, "daemon", "--interval", "1h" })
        {
            info.ArgumentList.Add(arg);
        }

        using var daemon = Process.Start(info)!;
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        daemon.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("16 retagged", StringComparison.Ordinal) == true)
            {
                synced.TrySetResult();
            }
        };
        daemon.ErrorDataReceived += (_, _) => { };
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            await synced.Task.WaitAsync(TimeSpan.FromSeconds(90));
            var patch = (await _w.PatchesAsync())[0];
            Assert.Equal(["pw-new"], await _w.Mail.PwTagsAsync(patch.MessageId));

            using (var term = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await daemon.WaitForExitAsync(bound.Token);
            Assert.Equal(0, daemon.ExitCode);
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill(entireProcessTree: true);
            }
        }
    }
}

using PatchSync.EndToEnd.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PatchSync.EndToEnd.Tests;

/// <summary>Broken config and a failing tracker: clear one-line errors, documented exit codes, no lost state.</summary>
public sealed class FailureEndToEndTests : IAsyncLifetime
{
    private SyncWorld _w = null!;

    public async Task InitializeAsync() => _w = await SyncWorld.CreateAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Pwsync_BrokenConfig_OneLineNamingFileLineAndKeyAndNothingTouched()
    {
        var before = await _w.Mail.DumpAsync();
        await File.AppendAllTextAsync(_w.ConfigPath, "concurency = 3\n");

        var run = await _w.PwsyncAsync();

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"pwsync\.toml:\d+: projects\.widgets\.concurency: unknown key", line);
        Assert.False(File.Exists(_w.StatePath));
        Assert.Equal(before, await _w.Mail.DumpAsync());
    }

    [Fact]
    public async Task Pwsync_QuietWithTrackerError_ErrorPrintedOnceOnStderrOnly()
    {
        using var broken = WireMockServer.Start();
        broken.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Retry-After", "0").WithBody("internal error"));
        _w.WriteConfig(broken.Url!, _w.MaintainerToken);

        var run = await _w.PwsyncAsync("-q");

        Assert.Equal(3, run.ExitCode);
        // Once: not also as a logger line ("fail: PatchSync.Sync.Engine.SyncEngine[0] ...").
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("pwsync: ", line, StringComparison.Ordinal);
        Assert.Contains("500", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Pwsync_TrackerAnswers500_TrackerErrorAndStateKept()
    {
        Assert.Equal(0, (await _w.PwsyncAsync()).ExitCode);
        var patch = (await _w.PatchesAsync())[0];
        await _w.Mail.TagAsync(patch.MessageId, "+pw-accepted", "-pw-new");
        var stateBefore = await File.ReadAllBytesAsync(_w.StatePath);

        using var broken = WireMockServer.Start();
        broken.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Retry-After", "0").WithBody("internal error"));
        _w.WriteConfig(broken.Url!, _w.MaintainerToken);

        var run = await _w.PwsyncAsync();

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("500", run.Error);
        Assert.DoesNotContain(_w.MaintainerToken, run.Error + run.Output);
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(patch.MessageId));

        // The mail edit is not lost: with the real tracker back, it is pushed.
        _w.WriteConfig(_w.Server.BaseUrl.ToString(), _w.MaintainerToken);
        var recovered = await _w.PwsyncAsync();
        Assert.True(recovered.ExitCode == 0, recovered.Error);
        Assert.Equal("accepted", await _w.StateOfAsync(patch.Id));
        Assert.NotEqual(stateBefore, await File.ReadAllBytesAsync(_w.StatePath));
    }

    [Fact]
    public async Task Pwsync_SecondRunWhileLocked_ExitsFive()
    {
        await using var store = await State.StateStore.OpenAsync(_w.StatePath);
        using var held = State.StateLock.Acquire(_w.StatePath);

        var run = await _w.PwsyncAsync();

        Assert.Equal(5, run.ExitCode);
        Assert.Contains("another pwsync run holds the lock", run.Error);
    }

    [Fact]
    public async Task Pwsync_BadEpoch_UsageErrorOneLine()
    {
        var run = await _w.PwsyncAsync("--epoch", "June");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("pwsync: --epoch: expected a date such as 2025-06-01, got 'June'", run.Error);
    }
}

using PatchSync.Cli.Commands;
using PatchSync.Cli.Running;
using PatchSync.Testing;

namespace PatchSync.Cli.Tests.Commands;

/// <summary>What a new user ran into (issue 12): refusals that still left state behind, and a future start date taken silently.</summary>
public sealed class RoughEdgeTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly TempDirectory _dir = new("pwsync-cli");

    public void Dispose()
    {
        _dir.Dispose();
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public async Task FirstSyncWithoutEpoch_RefusedWithoutStateFileLockOrSummary()
    {
        var config = Config(epoch: null);

        Assert.Equal(ExitCodes.Usage, await RunAsync("--config", config));

        var error = _err.ToString();
        Assert.StartsWith("pwsync: the first sync needs a start date: pass --epoch DATE", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(_out.ToString());
        Assert.False(File.Exists(_dir.File("state.db")));
        Assert.False(File.Exists(_dir.File("state.db.lock")));
    }

    [Fact]
    public async Task EpochInTheFuture_RefusedWithExitTwo()
    {
        var config = Config(epoch: "2025-06-01");
        var future = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(ExitCodes.Usage, await RunAsync("--config", config, "--epoch", future));

        Assert.StartsWith($"pwsync: --epoch {future} is in the future: no patch would be synced (pass --force to use it anyway)", _err.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("state.db")));
    }

    [Fact]
    public async Task ProjectEpochInTheFuture_RefusedNamingTheProject()
    {
        var future = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var config = Config(epoch: future);

        Assert.Equal(ExitCodes.Usage, await RunAsync("--config", config));

        Assert.Contains($"[projects.demo] epoch {future} is in the future", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EpochInTheFutureWithForce_GoesAheadToTheTracker()
    {
        var config = Config(epoch: "2025-06-01");
        var future = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var code = await RunAsync("--config", config, "--epoch", future, "--force");

        // Nothing listens on the tracker's port: the run gets as far as trying to reach it.
        Assert.NotEqual(ExitCodes.Usage, code);
        Assert.DoesNotContain("in the future", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckDates_PastEpochWithState_NoRefusal()
    {
        var config = PatchSync.Cli.Configuration.ConfigLoader.Load(Config(epoch: null));
        File.WriteAllText(config.StateDb, string.Empty);
        var options = new SyncOptions(config.File, false, null, [], false, false, false, Verbosity.Normal);

        Assert.Null(SyncRunner.CheckDates(config, options, DateTimeOffset.UtcNow));
    }

    private Task<int> RunAsync(params string[] args) =>
        PwsyncCommand.RunAsync(args, new CliConsole(_out, _err, IsTerminal: false), CancellationToken.None);

    private string Config(string? epoch)
    {
        var path = _dir.File("pwsync.toml");
        File.WriteAllText(path, $"""
            state_db = "state.db"
            [trackers.t]
            url = "http://127.0.0.1:{FreePort.Next()}"
            [stores.s]
            kind = "notmuch"
            config = "notmuch-config"
            [projects.demo]
            {(epoch is null ? string.Empty : "epoch = " + epoch)}
            """);
        return path;
    }
}

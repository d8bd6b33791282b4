using PatchSync.Cli.Commands;
using PatchSync.Cli.Running;
using PatchSync.Sync.Engine;
using PatchSync.Testing;

namespace PatchSync.Cli.Tests.Commands;

public sealed class PwsyncCommandTests : IDisposable
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

    private Task<int> RunAsync(params string[] args) =>
        PwsyncCommand.RunAsync(args, new CliConsole(_out, _err, IsTerminal: false), CancellationToken.None);

    private string WriteConfig(string text)
    {
        var path = _dir.File("pwsync.toml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A config that loads; <paramref name="tracker"/> adds lines to its one tracker.</summary>
    private string ValidConfig(string tracker = "") => WriteConfig($"""
        state_db = "state.db"
        [trackers.t]
        url = "http://127.0.0.1:{FreePort.Next()}"
        {tracker}
        [stores.s]
        kind = "notmuch"
        config = "notmuch-config"
        [projects.demo]
        epoch = 2025-06-01
        """);

    [Fact]
    public async Task Help_ShowsExamplesAndCommands()
    {
        Assert.Equal(0, await RunAsync("--help"));

        Assert.Contains("pwsync --epoch 2025-06-01", _out.ToString());
        Assert.Contains("daemon", _out.ToString());
        Assert.Contains("--dry-run", _out.ToString());
    }

    [Fact]
    public async Task Version_PrintsVersion()
    {
        Assert.Equal(0, await RunAsync("--version"));

        Assert.Matches(@"^\d+\.\d+\.\d+", _out.ToString());
    }

    [Theory]
    [InlineData("--epoch", "June")]
    [InlineData("--epoch", "2025-13-01")]
    public async Task BadEpoch_OneLineUsageError(string option, string value)
    {
        Assert.Equal(ExitCodes.Usage, await RunAsync(option, value));

        Assert.StartsWith($"pwsync: --epoch: expected a date such as 2025-06-01, got '{value}'", _err.ToString());
    }

    [Fact]
    public async Task UnknownOption_UsageError()
    {
        Assert.Equal(ExitCodes.Usage, await RunAsync("--frobnicate"));

        Assert.Contains("--frobnicate", _err.ToString());
    }

    [Fact]
    public async Task BadInterval_UsageError()
    {
        Assert.Equal(ExitCodes.Usage, await RunAsync("daemon", "--interval", "soon"));

        Assert.Contains("--interval: expected a duration", _err.ToString());
    }

    [Fact]
    public void DaemonWatch_Parses_AndPollsTheTrackerEveryMinuteByDefault()
    {
        var parsed = PwsyncCommand.Build(new CliConsole(_out, _err, IsTerminal: false)).Parse(["daemon", "--watch", "-p", "demo"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(TimeSpan.FromMinutes(1), PatchSync.Cli.Daemon.DaemonOptions.DefaultInterval(watch: true));
        Assert.Equal(TimeSpan.FromMinutes(10), PatchSync.Cli.Daemon.DaemonOptions.DefaultInterval(watch: false));
    }

    [Fact]
    public async Task DaemonWatch_MissingConfig_UsageError()
    {
        Assert.Equal(ExitCodes.Usage, await RunAsync("--config", _dir.File("missing.toml"), "daemon", "--watch"));
    }

    [Fact]
    public async Task MissingConfig_UsageErrorBeforeAnythingElse()
    {
        Assert.Equal(ExitCodes.Usage, await RunAsync("--config", _dir.File("none.toml")));

        Assert.Contains("no config at " + _dir.File("none.toml") + ": copy pwsync.example.toml there", _err.ToString());
        Assert.DoesNotContain("Could not find", _err.ToString());
        Assert.False(File.Exists(_dir.File("state.db")));
    }

    [Fact]
    public async Task UnknownProject_UsageErrorNamingIt()
    {
        var config = ValidConfig();

        Assert.Equal(ExitCodes.Usage, await RunAsync("--config", config, "--project", "nope"));

        Assert.Contains("no project 'nope' (configured: demo)", _err.ToString());
    }

    [Fact]
    public async Task MissingTokenEnv_UsageErrorWithoutValue()
    {
        var config = ValidConfig(tracker: "token_env = \"PWSYNC_TEST_TOKEN_THAT_IS_NOT_SET\"");

        Assert.Equal(ExitCodes.Usage, await RunAsync("--config", config));

        Assert.Contains("token_env: environment variable PWSYNC_TEST_TOKEN_THAT_IS_NOT_SET is not set", _err.ToString());
    }

    [Fact]
    public async Task Status_WithoutState_SaysSo()
    {
        var config = ValidConfig();

        Assert.Equal(0, await RunAsync("status", "--config", config));

        Assert.Contains("no state yet", _out.ToString());
        Assert.False(File.Exists(_dir.File("state.db")));
    }

    [Theory]
    [InlineData(null, ExitCodes.Ok)]
    [InlineData(SyncArea.Tracker, ExitCodes.Tracker)]
    [InlineData(SyncArea.Mail, ExitCodes.Mail)]
    [InlineData(SyncArea.State, ExitCodes.State)]
    [InlineData(SyncArea.Usage, ExitCodes.Usage)]
    public void ExitCodeOf_FirstErrorArea_PicksCode(SyncArea? area, int expected)
    {
        var report = new ProjectReport("p");
        if (area is { } a)
        {
            report.Errors.Add(new SyncError(a, "boom"));
        }

        Assert.Equal(expected, SyncRunner.ExitCodeOf(new SyncReport([report], DryRun: false)));
    }
}

using PatchSync.Cli.Commands;
using PatchSync.Cli.Running;
using PatchSync.Testing;

namespace PatchSync.Cli.Tests.Checking;

public sealed class CheckCommandTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly TempDirectory _dir = new("pwsync-check");

    public void Dispose()
    {
        _dir.Dispose();
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public async Task Check_MissingConfig_OneProblemLineWithFixAndExitTwo()
    {
        var code = await PwsyncCommand.RunAsync(["check", "--config", _dir.File("none.toml")], new CliConsole(_out, _err, false), CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, code);
        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("problem config: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("; fix: ", lines[0], StringComparison.Ordinal);
        Assert.Equal("pwsync check: 1 problem", lines[1]);
        Assert.False(File.Exists(_dir.File("state.db")));
    }

    [Fact]
    public async Task Check_Json_FindingsAndProblemCount()
    {
        var code = await PwsyncCommand.RunAsync(["check", "--json", "--config", _dir.File("none.toml")], new CliConsole(_out, _err, false), CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, code);
        using var doc = System.Text.Json.JsonDocument.Parse(_out.ToString());
        Assert.Equal(1, doc.RootElement.GetProperty("problems").GetInt32());
        var finding = doc.RootElement.GetProperty("findings")[0];
        Assert.Equal("problem", finding.GetProperty("level").GetString());
        Assert.Equal("config", finding.GetProperty("subject").GetString());
        Assert.Equal(2, finding.GetProperty("exit_code").GetInt32());
    }
}

using PatchSync.Server.Cli;
using PatchSync.Testing;
using PatchSync.Testing.Server;

namespace PatchSync.Server.Tests.Cli;

/// <summary>The admin command line in-process: outputs, exit codes and one-line errors.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _directory = new("pwsync-cli");

    private string Db => _directory.File("db.sqlite");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task UserPasswd_KnownUser_StoresASaltedPbkdf2Hash()
    {
        await RunOkAsync("project", "add", "widgets", "--name", "Widgets", "--list-id", "widgets.lists.example.org");
        await RunOkAsync("user", "add", "maint", "--email", "m@example.org", "--maintainer-of", "widgets");

        var (code, output, error) = await RunAsync("user", "passwd", "maint", "--password", "s3cret");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal("password of maint set\n", output);
        using var database = PatchSync.Server.Data.Database.Open(Db);
        var users = new PatchSync.Server.Data.Stores.UserStore(database);
        Assert.NotNull(await users.FindByPasswordAsync("maint", "s3cret", CancellationToken.None));
        Assert.Null(await users.FindByPasswordAsync("maint", "wrong", CancellationToken.None));
    }

    [Fact]
    public async Task TokenNew_KnownUser_PrintsOnlyTheToken()
    {
        await RunOkAsync("project", "add", "widgets", "--name", "Widgets", "--list-id", "widgets.lists.example.org");
        await RunOkAsync("user", "add", "maint", "--email", "m@example.org", "--maintainer-of", "widgets");

        var (code, output, error) = await RunAsync("token", "new", "maint");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches("^[0-9a-f]{40}\n$", output);
    }

    [Fact]
    public async Task Ingest_SampleMbox_PrintsCounts()
    {
        await RunOkAsync("project", "add", "widgets", "--name", "Widgets", "--list-id", "widgets.lists.example.org");

        var (code, output, error) = await RunAsync("ingest", "--project", "widgets", ServerProcess.SampleMbox);

        Assert.Equal(0, code);
        Assert.Equal("patches: 16, covers: 4, comments: 10, skipped: 1\n", output);
        Assert.Contains("missing From header", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("binary", "nothing stored: all 2 mails skipped")]
    [InlineData("empty", "nothing stored: all 1 mail skipped")]
    public async Task Ingest_NothingStorable_SummaryThenOneLineErrorAndExitOne(string kind, string expected)
    {
        await RunOkAsync("project", "add", "widgets", "--name", "Widgets", "--list-id", "widgets.lists.example.org");
        var file = Path.Combine(Path.GetTempPath(), $"pwsync-ingest-{Guid.NewGuid():N}.mbox");
        await File.WriteAllBytesAsync(file, kind == "binary" ? [.. "From nobody Mon Jan  1 00:00:00 2024\n"u8, 0xff, 0xfe, 0x00, 0x01, .. "\n\n"u8] : []);
        try
        {
            var (code, output, error) = await RunAsync("ingest", "--project", "widgets", file);

            Assert.Equal(1, code);
            Assert.StartsWith("patches: 0, covers: 0, comments: 0", output, StringComparison.Ordinal);
            Assert.Contains("pwsync-server: ingest: " + expected, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Ingest_SameMailsAgain_NothingNewIsNotAFailure()
    {
        await RunOkAsync("project", "add", "widgets", "--name", "Widgets", "--list-id", "widgets.lists.example.org");
        await RunOkAsync("ingest", "--project", "widgets", ServerProcess.SampleMbox);

        var (code, _, _) = await RunAsync("ingest", "--project", "widgets", ServerProcess.SampleMbox);

        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("project add widgets --name Again --list-id other.example.org", "already exists")]
    [InlineData("user add someone --maintainer-of nowhere", "no project 'nowhere'")]
    [InlineData("token new nobody", "no user 'nobody'")]
    [InlineData("ingest --project nowhere x.mbox", "no project 'nowhere'")]
    [InlineData("ingest --project widgets /no/such/file.mbox", "no such file or maildir: /no/such/file.mbox")]
    [InlineData("project add other --list-id other.example.org", "--name")]
    [InlineData("frobnicate", "frobnicate")]
    public async Task Command_BadInput_OneLineErrorAndNonZeroExit(string command, string expected)
    {
        await RunOkAsync("project", "add", "widgets", "--name", "Widgets", "--list-id", "widgets.lists.example.org");

        var (code, output, error) = await RunAsync(command.Split(' '));

        Assert.NotEqual(0, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DbAnalyze_AfterIngest_PrintsPlanIndexAndTimeForEachEndpoint()
    {
        await RunOkAsync("project", "add", "widgets", "--name", "Widgets", "--list-id", "widgets.lists.example.org");
        await RunOkAsync("ingest", "--project", "widgets", ServerProcess.SampleMbox);

        var (code, output, _) = await RunAsync("db", "analyze", "--runs", "1");

        Assert.Equal(0, code);
        Assert.Contains("GET /patches/?project=1&state=new", output, StringComparison.Ordinal);
        Assert.Contains("index: ix_patches_project_state_id", output, StringComparison.Ordinal);
        Assert.Contains("GET /events/?project=1&category=patch-state-changed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FULL SCAN", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeHelp_ListsPatchworkQuirksOption()
    {
        var (code, output, _) = await RunAsync("serve", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--patchwork-quirks", output, StringComparison.Ordinal);
        Assert.Contains("Australia/Canberra", output, StringComparison.Ordinal);
    }

    private async Task RunOkAsync(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);
        Assert.True(code == 0, error);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await ServerCommandLine.RunAsync(["--db", Db, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }
}

using PatchSync.EndToEnd.Tests.Support;
using PatchSync.Testing;
using PatchSync.Testing.MailStores;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// <c>pwsync check</c> as a process against a real pwsync-server (a maintainer's and an outsider's token),
/// a real notmuch database and a real Dovecot: what it reports, its exit codes, and that it changes nothing.
/// </summary>
public sealed class CheckEndToEndTests : IAsyncLifetime
{
    private const string PasswordVariable = "PWSYNC_E2E_CHECK_PASSWORD";
    private SyncWorld _w = null!;

    public async Task InitializeAsync() => _w = await SyncWorld.CreateAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Check_MaintainerTokenAndNotmuch_ReportsEverythingOkAndChangesNothing()
    {
        var trackerBefore = await _w.DumpTrackerAsync();
        var mailBefore = await _w.Mail.DumpAsync();
        var revisionBefore = await _w.Mail.RunAsync("count", "--lastmod", "*");

        var run = await _w.PwsyncAsync("check");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("ok      tracker local: ", run.Output);
        Assert.Contains("speaks Patchwork API 1.3; the token is accepted", run.Output);
        Assert.Contains("ok      project widgets: the token's user 'maint' maintains 'widgets'", run.Output);
        Assert.Matches(@"ok      store mail: notmuch \d+\.\d+.*, database .*: \d+ messages, revision \d+", run.Output);
        Assert.Contains("pwsync check: no problems", run.Output);
        Assert.DoesNotContain(_w.MaintainerToken, run.Output + run.Error);
        // Read-only: no state file, no lock, no patch state and no mail tag changed.
        Assert.False(File.Exists(_w.StatePath));
        Assert.False(File.Exists(_w.StatePath + ".lock"));
        Assert.Equal(trackerBefore, await _w.DumpTrackerAsync());
        Assert.Equal(mailBefore, await _w.Mail.DumpAsync());
        Assert.Equal(revisionBefore, await _w.Mail.RunAsync("count", "--lastmod", "*"));
    }

    [Fact]
    public async Task Check_NonMaintainerToken_OneProblemLineWithFixAndExit3()
    {
        _w.WriteConfig(_w.Server.BaseUrl.ToString(), _w.OutsiderToken);

        var run = await _w.PwsyncAsync("check");

        Assert.Equal(3, run.ExitCode);
        var problem = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("problem", StringComparison.Ordinal));
        Assert.Contains("project widgets: the token's user is not a maintainer of 'widgets' (maintainers: maint)", problem);
        Assert.Contains("; fix: use a token of a maintainer (maint)", problem);
        Assert.Contains("ok      tracker local: ", run.Output);
        Assert.Contains("pwsync check: 1 problem", run.Output);
    }

    [Fact]
    public async Task Check_RejectedTokenUnknownProjectAndMissingNotmuchConfig_EachAProblemWithItsFix()
    {
        _w.WriteConfig(_w.Server.BaseUrl.ToString(), "0000000000000000000000000000000000000000");
        File.WriteAllText(_w.ConfigPath, File.ReadAllText(_w.ConfigPath)
            .Replace(_w.Mail.ConfigPath, _w.Mail.ConfigPath + ".missing", StringComparison.Ordinal)
            .Replace("[projects.widgets]", "[projects.widgets]\nlinkname = \"gadgets\"", StringComparison.Ordinal));

        var run = await _w.PwsyncAsync("check");

        Assert.Equal(3, run.ExitCode);
        var problems = run.Output.Split('\n').Where(l => l.StartsWith("problem", StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count == 3, run.Output + run.Error);
        Assert.Contains(problems, p => p.Contains("tracker local: the token is not accepted", StringComparison.Ordinal) && p.Contains("; fix: put a current token", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("project widgets: no project 'gadgets'", StringComparison.Ordinal) && p.Contains("; fix: set linkname in [projects.widgets] to one of: widgets", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("problem store mail: ", StringComparison.Ordinal) && p.Contains("; fix: ", StringComparison.Ordinal));
        Assert.Contains("pwsync check: 3 problems", run.Output);
    }

    [Fact]
    public async Task Check_TrackerDown_ProblemNamingTheUrlAndExit3()
    {
        var port = FreePort.Next();
        _w.WriteConfig($"http://127.0.0.1:{port}/", _w.MaintainerToken);

        var run = await _w.PwsyncAsync("check");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"problem tracker local: ", run.Output);
        Assert.Contains($"; fix: check that http://127.0.0.1:{port}/ is up and reachable from here", run.Output);
        // The store is still checked.
        Assert.Contains("ok      store mail: notmuch", run.Output);
    }

    [Fact]
    public async Task Check_BadConfig_ProblemLineAndExit2()
    {
        File.AppendAllText(_w.ConfigPath, "\nconcurency = 4\n");

        var run = await _w.PwsyncAsync("check");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("problem config: ", run.Output);
        Assert.Contains("concurency", run.Output);
        Assert.Contains("; fix: ", run.Output);
    }

    [Fact]
    public async Task Check_Dovecot_ReportsCapabilitiesAndKeywordRoomPerFolder()
    {
        await using var dovecot = await DovecotServer.StartAsync();
        foreach (var message in MboxMessages())
        {
            await dovecot.SaveAsync("INBOX", message);
        }

        await dovecot.SaveAsync("lists/widgets", MboxMessages().First());
        // 20 keywords of the user's own: with pwsync's 13 more than a Maildir folder keeps in file names.
        await dovecot.FlagsAsync("add", "lists/widgets", "all", Enumerable.Range(1, 20).Select(i => $"label{i}").ToArray());
        File.WriteAllText(_w.ConfigPath, File.ReadAllText(_w.ConfigPath).Replace(
            $"""
            kind = "notmuch"
            config = "{_w.Mail.ConfigPath}"
            """,
            $"""
            kind = "imap"
            host = "{DovecotServer.Host}"
            port = {dovecot.Port}
            security = "insecure"
            user = "{DovecotServer.User}"
            password_env = "{PasswordVariable}"
            folders = ["INBOX", "lists/*"]
            """,
            StringComparison.Ordinal));

        var run = await _w.PwsyncWithEnvAsync(new Dictionary<string, string> { [PasswordVariable] = DovecotServer.Password }, "check");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains($"ok      store mail: imap://{DovecotServer.User}@{DovecotServer.Host}:{dovecot.Port}: logged in; CONDSTORE yes, QRESYNC yes, IDLE yes", run.Output);
        Assert.Matches(@"ok      store mail folder INBOX: \d+ messages, new keywords allowed \(PERMANENTFLAGS \\\*\), 0 keywords defined", run.Output);
        Assert.Contains("note    store mail folder lists/widgets: 1 message, new keywords allowed (PERMANENTFLAGS \\*), 20 keywords defined; with every pwsync tag it would be 33, more than the 26", run.Output);
        Assert.DoesNotContain(DovecotServer.Password, run.Output + run.Error);
        // SELECT read-write, but nothing stored: the folder still has no keyword.
        Assert.DoesNotContain("pw-", await dovecot.FetchFlagsAsync("INBOX"));
    }

    [Fact]
    public async Task Check_DovecotWrongPassword_LoginProblemAndExit4()
    {
        await using var dovecot = await DovecotServer.StartAsync();
        File.WriteAllText(_w.ConfigPath, File.ReadAllText(_w.ConfigPath).Replace(
            $"""
            kind = "notmuch"
            config = "{_w.Mail.ConfigPath}"
            """,
            $"""
            kind = "imap"
            host = "{DovecotServer.Host}"
            port = {dovecot.Port}
            security = "insecure"
            user = "{DovecotServer.User}"
            password_env = "{PasswordVariable}"
            """,
            StringComparison.Ordinal));

        var run = await _w.PwsyncWithEnvAsync(new Dictionary<string, string> { [PasswordVariable] = "wrong" }, "check");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("problem store mail: ", run.Output);
        Assert.Contains("login failed", run.Output);
        Assert.Contains("; fix: check user and the password source in [stores.mail]", run.Output);
    }

    private static IEnumerable<string> MboxMessages() => ImapEndToEndTests.SplitMbox(File.ReadAllText(ServerProcess.SampleMbox));
}

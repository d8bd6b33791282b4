using Microsoft.Extensions.Logging.Abstractions;
using PatchSync.Cli.Checking;
using PatchSync.Cli.Configuration;
using PatchSync.Core.Secrets;
using Xunit.Abstractions;

namespace PatchSync.Cli.Tests.Checking;

/// <summary><c>pwsync check</c>'s tracker part against real Patchwork answers: whose token it is, found without any write.</summary>
public sealed class TrackerCheckTests(ITestOutputHelper output)
{
    private static readonly ProjectConfig TestProject = new("test", "testproj", "pw", "mail", null);

    [Fact]
    public async Task MaintainerToken_OkNamingTheUser()
    {
        if (Skipped())
        {
            return;
        }

        var (findings, handler) = await CheckAsync(CapturedPatchworkHandler.MaintainerToken);

        Assert.All(findings, f => Assert.Equal(CheckLevel.Ok, f.Level));
        Assert.Equal("ok      tracker pw: http://pw.test/ speaks Patchwork API 1.3; the token is accepted", findings[0].ToString());
        Assert.Equal("ok      project test: the token's user 'maintainer' maintains 'testproj': pwsync may change patch states", findings[1].ToString());
        Assert.Equal(0, handler.Writes);
    }

    [Fact]
    public async Task NonMaintainerToken_ProblemWithFixAndTrackerExitCode()
    {
        if (Skipped())
        {
            return;
        }

        var (findings, handler) = await CheckAsync(CapturedPatchworkHandler.PlainUserToken);

        var problem = Assert.Single(findings, f => f.Level == CheckLevel.Problem);
        Assert.Equal("project test", problem.Subject);
        Assert.Contains("not a maintainer of 'testproj' (maintainers: maintainer)", problem.Message, StringComparison.Ordinal);
        Assert.Equal("use a token of a maintainer (maintainer), or ask one of them to make you a maintainer", problem.Fix);
        Assert.Equal(ExitCodes.Tracker, problem.ExitCode);
        Assert.Equal(0, handler.Writes);
    }

    [Fact]
    public async Task RejectedToken_OneTokenProblemAndProjectStillChecked()
    {
        if (Skipped())
        {
            return;
        }

        var (findings, _) = await CheckAsync("0000000000000000000000000000000000000000");

        var problem = Assert.Single(findings, f => f.Level == CheckLevel.Problem);
        Assert.StartsWith("the token is not accepted", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("put a current token in [trackers.pw]", problem.Fix, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.Subject == "project test" && f.Message.Contains("'testproj' found (maintainers: maintainer)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoToken_ProblemSayingMailEditsCannotReachTheTracker()
    {
        if (Skipped())
        {
            return;
        }

        var (findings, _) = await CheckAsync(token: null);

        var problem = Assert.Single(findings, f => f.Level == CheckLevel.Problem);
        Assert.Equal("tracker pw", problem.Subject);
        Assert.Contains("no token is configured", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("set token_file, token_command or token_env in [trackers.pw]", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownProject_ProblemListingTheTrackersProjects()
    {
        if (Skipped())
        {
            return;
        }

        var (findings, _) = await CheckAsync(CapturedPatchworkHandler.MaintainerToken, TestProject with { LinkName = "nosuch" });

        var problem = Assert.Single(findings, f => f.Level == CheckLevel.Problem);
        Assert.Equal("no project 'nosuch' on http://pw.test/", problem.Message);
        Assert.StartsWith("set linkname in [projects.test] to one of: ", problem.Fix, StringComparison.Ordinal);
        Assert.Contains("testproj", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api11Server_NoteThatTheTokensUserCannotBeTold()
    {
        if (Skipped())
        {
            return;
        }

        var (findings, _) = await CheckAsync(CapturedPatchworkHandler.PlainUserToken, handler: new CapturedPatchworkHandler("1.1"));

        Assert.DoesNotContain(findings, f => f.Level == CheckLevel.Problem);
        var note = Assert.Single(findings, f => f.Level == CheckLevel.Note);
        Assert.Contains("API 1.1 does not mark the token's own user record", note.Message, StringComparison.Ordinal);
    }

    private static async Task<(IReadOnlyList<CheckFinding> Findings, CapturedPatchworkHandler Handler)> CheckAsync(
        string? token, ProjectConfig? project = null, CapturedPatchworkHandler? handler = null)
    {
        handler ??= new CapturedPatchworkHandler();
        var tracker = new TrackerConfig("pw", new Uri("http://pw.test/"), token is null ? null : new SecretSource(SecretSourceKind.Inline, token), TimeSpan.FromSeconds(5));
        var findings = await TrackerCheck.RunAsync(tracker, [project ?? TestProject], NullLoggerFactory.Instance, CancellationToken.None, handler);
        return (findings, handler);
    }

    private bool Skipped()
    {
        if (CapturedPatchworkHandler.Available)
        {
            return false;
        }

        output.WriteLine(Testing.SharedFixtures.MissingMessage);
        return true;
    }
}

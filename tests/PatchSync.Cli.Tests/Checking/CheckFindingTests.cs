using PatchSync.Cli.Checking;
using PatchSync.Cli.Configuration;
using PatchSync.Core.Planning;

namespace PatchSync.Cli.Tests.Checking;

public sealed class CheckFindingTests
{
    [Fact]
    public void ToString_ProblemIsOneLineEndingInItsFix()
    {
        var problem = CheckFinding.Problem("store imap", "folder 'INBOX' does not exist", "correct the folder names in [stores.imap] folders", ExitCodes.Mail);

        Assert.Equal("problem store imap: folder 'INBOX' does not exist; fix: correct the folder names in [stores.imap] folders", problem.ToString());
        Assert.Equal("ok      config: fine", CheckFinding.Ok("config", "fine").ToString());
        Assert.Equal("note    state: none yet; run it with --epoch", CheckFinding.Note("state", "none yet", "run it with --epoch").ToString());
    }

    [Fact]
    public void NeededKeywords_EveryBuiltInStateWithOverridesAndTheArchivedTag()
    {
        var tags = new TagConfig("pw-", new Dictionary<string, string> { ["changes-requested"] = "pw-changes" }, "pw-old", Extra: false);

        var needed = MailKeywords.Needed(tags);

        Assert.Equal(13, needed.Count);
        Assert.Contains("pw-new", needed);
        Assert.Contains("pw-changes", needed);
        Assert.DoesNotContain("pw-changes-requested", needed);
        Assert.Equal("pw-old", needed[^1]);
    }

    [Fact]
    public void CheckState_NoStateAndAProjectWithoutEpoch_NoteNamingIt()
    {
        var config = new PwsyncConfig(
            "/nonexistent/pwsync.toml", "/nonexistent/state.db", ConflictRule.Tracker, 4, TimeSpan.FromDays(1),
            new TagConfig("pw-", new Dictionary<string, string>(), "pw-archived", false),
            new Dictionary<string, TrackerConfig>(),
            new Dictionary<string, StoreConfig>(),
            [new ProjectConfig("netdev", "netdev", "t", "s", null), new ProjectConfig("bpf", "bpf", "t", "s", DateTimeOffset.UnixEpoch)]);

        var finding = CheckRunner.CheckState(config);

        Assert.Equal(CheckLevel.Note, finding.Level);
        Assert.Equal("run it as 'pwsync --epoch DATE' (no epoch in [projects.netdev])", finding.Fix);
    }
}

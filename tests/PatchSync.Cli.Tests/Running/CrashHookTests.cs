using PatchSync.Cli.Running;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Tests.Running;

public sealed class CrashHookTests
{
    [Theory]
    [InlineData("3", null, 3)]
    [InlineData("push", SyncStepKind.TrackerPush, 1)]
    [InlineData("push:2", SyncStepKind.TrackerPush, 2)]
    [InlineData("commit:4", SyncStepKind.StateCommit, 4)]
    [InlineData("mail", SyncStepKind.MailWrite, 1)]
    [InlineData("TrackerPush:1", SyncStepKind.TrackerPush, 1)]
    public void ParseCrashLimit_ReadsACountOrAKindWithACount(string text, SyncStepKind? kind, int limit) =>
        Assert.Equal((kind, limit), SyncRunner.ParseCrashLimit(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("bogus")]
    [InlineData("push:0")]
    [InlineData("push:x")]
    public void ParseCrashLimit_UnsetOrUnreadable_NoCrash(string? text) =>
        Assert.Null(SyncRunner.ParseCrashLimit(text));
}

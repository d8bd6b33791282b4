using PatchSync.EndToEnd.Tests.Support;
using PatchSync.Testing.Server;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// Issue 9's sequences, one test each: the real pwsync process against pwsync-server in
/// Patchwork-strict mode (as Patchwork 3.1.3 answers: fixtures 56-61) and a real notmuch database,
/// asserting the tracker and the mail after every run.
/// </summary>
public sealed class TrackerMailSequenceEndToEndTests : IAsyncLifetime
{
    private SyncWorld _w = null!;

    public async Task InitializeAsync() => _w = await SyncWorld.CreateAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task TrackerEdit_ReachesMailOnNextIncrementalRun()
    {
        var patch = await FirstRunAsync(0);

        await _w.SetStateAsync(patch.Id, "accepted");
        var run = await SyncOkAsync();

        AssertIncremental(run);
        Assert.Equal("accepted", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(patch.MessageId));
    }

    [Fact]
    public async Task TrackerAcceptAndArchive_MailGetsAcceptedAndArchivedOnNextIncrementalRun()
    {
        var patch = await FirstRunAsync(1);

        await _w.PatchPatchAsync(patch.Id, """{"state":"accepted","archived":true}""");
        var run = await SyncOkAsync();

        AssertIncremental(run);
        var now = (await _w.PatchesAsync()).Single(p => p.Id == patch.Id);
        Assert.Equal(("accepted", true), (now.State, now.Archived));
        Assert.Equal(["pw-accepted", "pw-archived"], await _w.Mail.PwTagsAsync(patch.MessageId));
    }

    [Fact]
    public async Task NotmuchTagEdit_ReachesTracker()
    {
        var patch = await FirstRunAsync(2);

        await _w.Mail.TagAsync(patch.MessageId, "+pw-changes-requested", "-pw-new");
        var run = await SyncOkAsync();

        Assert.Contains("1 pushed", run.Output, StringComparison.Ordinal);
        Assert.Equal("changes-requested", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-changes-requested"], await _w.Mail.PwTagsAsync(patch.MessageId));
    }

    [Fact]
    public async Task EditRightAfterPush_NextRunPushesTheNewValue()
    {
        var patch = await FirstRunAsync(3);

        await _w.Mail.TagAsync(patch.MessageId, "+pw-accepted", "-pw-new");
        await SyncOkAsync();
        Assert.Equal("accepted", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(patch.MessageId));

        // The maintainer changes their mind at once: the same mail, retagged again.
        await _w.Mail.TagAsync(patch.MessageId, "+pw-rejected", "-pw-accepted");
        var second = await SyncOkAsync();

        Assert.DoesNotContain("conflict patch", second.Output, StringComparison.Ordinal);
        Assert.Equal("rejected", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-rejected"], await _w.Mail.PwTagsAsync(patch.MessageId));
    }

    [Fact]
    public async Task CrashRightAfterPushThenEdit_NextRunPushesTheNewValueAndKeepsItInTheMail()
    {
        var patch = await FirstRunAsync(4);

        // One mail edit; the process dies right after its first PATCH (checked below by name).
        await _w.Mail.TagAsync(patch.MessageId, "+pw-accepted", "-pw-new");
        var killed = await _w.PwsyncWithEnvAsync(new Dictionary<string, string> { ["PWSYNC_CRASH_AFTER_STEP"] = "push" });
        Assert.NotEqual(0, killed.ExitCode);
        Assert.True(killed.Error.Contains("killed after TrackerPush", StringComparison.Ordinal), "not killed right after the PATCH: " + killed.Error);
        Assert.Equal("accepted", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(patch.MessageId));

        await _w.Mail.TagAsync(patch.MessageId, "+pw-rejected", "-pw-accepted");
        var rerun = await SyncOkAsync();

        Assert.DoesNotContain("conflict patch", rerun.Output, StringComparison.Ordinal);
        Assert.Equal("rejected", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-rejected"], await _w.Mail.PwTagsAsync(patch.MessageId));
    }

    [Fact]
    public async Task BothSidesChangedDifferently_TrackerWinsConflictPrintedAndLoserLogged()
    {
        var patch = await FirstRunAsync(5);

        await _w.SetStateAsync(patch.Id, "accepted");
        await _w.Mail.TagAsync(patch.MessageId, "+pw-rejected", "-pw-new");
        var run = await SyncOkAsync();

        var conflict = Assert.Single(run.Output.Split('\n'), l => l.Contains($"conflict patch {patch.Id} <{patch.MessageId}>", StringComparison.Ordinal));
        Assert.Contains("mail had rejected", conflict, StringComparison.Ordinal);
        Assert.Equal("accepted", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(patch.MessageId));
        var status = await _w.PwsyncAsync("status");
        Assert.Contains("conflicts: 1 logged", status.Output, StringComparison.Ordinal);
        Assert.Contains($"patch {patch.Id} <{patch.MessageId}>", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoChangeRerun_SendsNoPatch()
    {
        var patch = await FirstRunAsync(6);
        await _w.Mail.TagAsync(patch.MessageId, "+pw-under-review", "-pw-new");
        await SyncOkAsync();
        Assert.Equal("under-review", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-under-review"], await _w.Mail.PwTagsAsync(patch.MessageId));
        var tracker = await _w.DumpTrackerAsync();
        var mail = await _w.Mail.DumpAsync();
        var mark = await _w.TrackerWriteMarkAsync();

        var rerun = await SyncOkAsync();

        Assert.Contains("0 retagged, 0 pushed", rerun.Output, StringComparison.Ordinal);
        Assert.Equal(mark, await _w.TrackerWriteMarkAsync());
        Assert.Equal(tracker, await _w.DumpTrackerAsync());
        Assert.Equal(mail, await _w.Mail.DumpAsync());
    }

    [Fact]
    public async Task NonMaintainerPush_RefusedExit3AndTagSetBackToTrackerState()
    {
        var patch = await FirstRunAsync(7);
        _w.WriteConfig(_w.Server.BaseUrl.ToString(), _w.OutsiderToken);
        var mark = await _w.TrackerWriteMarkAsync();

        await _w.Mail.TagAsync(patch.MessageId, "+pw-accepted", "-pw-new");
        var run = await _w.PwsyncAsync();

        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal(mark, await _w.TrackerWriteMarkAsync());
        Assert.Equal("new", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-new"], await _w.Mail.PwTagsAsync(patch.MessageId));
    }

    /// <summary>The first (full) run, checked on both sides; returns the patch at <paramref name="index"/>.</summary>
    private async Task<(long Id, string MessageId, string State, bool Archived)> FirstRunAsync(int index)
    {
        var first = await SyncOkAsync();
        Assert.Contains("widgets (full)", first.Output, StringComparison.Ordinal);
        var patch = (await _w.PatchesAsync())[index];
        Assert.Equal(("new", false), (patch.State, patch.Archived));
        Assert.Equal(["pw-new"], await _w.Mail.PwTagsAsync(patch.MessageId));
        return patch;
    }

    private async Task<CommandResult> SyncOkAsync()
    {
        var run = await _w.PwsyncAsync();
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}\n{run.Output}");
        return run;
    }

    private static void AssertIncremental(CommandResult run) =>
        Assert.True(run.Output.Contains("widgets (incremental)", StringComparison.Ordinal), "not an incremental run: " + run.Output);
}

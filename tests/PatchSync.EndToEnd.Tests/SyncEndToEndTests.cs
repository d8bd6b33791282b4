using PatchSync.EndToEnd.Tests.Support;

namespace PatchSync.EndToEnd.Tests;

/// <summary>pwsync as a process against a real pwsync-server and a real notmuch database.</summary>
public sealed class SyncEndToEndTests : IAsyncLifetime
{
    private SyncWorld _w = null!;

    public async Task InitializeAsync() => _w = await SyncWorld.CreateAsync();

    public async Task DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task Pwsync_FirstSync_TagsEveryPatchMailAndNothingElse()
    {
        var run = await _w.PwsyncAsync();

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("16 retagged", run.Output);
        var patches = await _w.PatchesAsync();
        Assert.Equal(16, patches.Count);
        foreach (var patch in patches)
        {
            Assert.Equal(["pw-new"], await _w.Mail.PwTagsAsync(patch.MessageId));
        }

        // Cover letters and replies are not patches: untouched.
        Assert.Empty(await _w.Mail.PwTagsAsync("cover.2025030300.ada@widgets.example.org"));
    }

    [Fact]
    public async Task Pwsync_TrackerChangeThenMailChange_BothReachTheOtherSide()
    {
        await _w.PwsyncAsync();
        var patches = await _w.PatchesAsync();
        var (first, second) = (patches[0], patches[1]);

        await _w.SetStateAsync(first.Id, "accepted");
        await _w.Mail.TagAsync(second.MessageId, "+pw-changes-requested", "-pw-new");
        var run = await _w.PwsyncAsync();

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(first.MessageId));
        Assert.Equal("changes-requested", await _w.StateOfAsync(second.Id));
        Assert.Equal(["pw-changes-requested"], await _w.Mail.PwTagsAsync(second.MessageId));
    }

    [Fact]
    public async Task Pwsync_BothSidesChangedDifferently_TrackerWinsAndConflictIsPrinted()
    {
        await _w.PwsyncAsync();
        var patch = (await _w.PatchesAsync())[2];

        await _w.SetStateAsync(patch.Id, "accepted");
        await _w.Mail.TagAsync(patch.MessageId, "+pw-rejected", "-pw-new");
        var run = await _w.PwsyncAsync();

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"conflict patch {patch.Id}", run.Output);
        Assert.Equal("accepted", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(patch.MessageId));
        var status = await _w.PwsyncAsync("status");
        Assert.Contains("conflicts: 1 logged", status.Output);
    }

    [Fact]
    public async Task Pwsync_NotAMaintainer_ReportsOnceAndSetsMailBack()
    {
        await _w.PwsyncAsync();
        _w.WriteConfig(_w.Server.BaseUrl.ToString(), _w.OutsiderToken);
        var patches = await _w.PatchesAsync();
        await _w.Mail.TagAsync(patches[0].MessageId, "+pw-accepted", "-pw-new");
        await _w.Mail.TagAsync(patches[1].MessageId, "+pw-rejected", "-pw-new");

        var run = await _w.PwsyncAsync();

        Assert.Equal(3, run.ExitCode);
        Assert.Single(run.Error.Split('\n'), l => l.Contains("not allowed", StringComparison.Ordinal));
        Assert.DoesNotContain(_w.OutsiderToken, run.Error + run.Output);
        Assert.Equal("new", await _w.StateOfAsync(patches[0].Id));
        Assert.Equal(["pw-new"], await _w.Mail.PwTagsAsync(patches[0].MessageId));
        Assert.Equal(["pw-new"], await _w.Mail.PwTagsAsync(patches[1].MessageId));

        // Not retried forever: the next run is clean.
        var again = await _w.PwsyncAsync();
        Assert.True(again.ExitCode == 0, again.Error);
    }

    [Fact]
    public async Task Pwsync_DryRun_ChangesNothingAnywhere()
    {
        var before = await _w.Mail.DumpAsync();

        var run = await _w.PwsyncAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("would retag 16 mails", run.Output);
        Assert.Equal(before, await _w.Mail.DumpAsync());
        Assert.False(File.Exists(_w.StatePath), "a dry run created the state file");
        Assert.False(File.Exists(_w.StatePath + ".lock"), "a dry run created the lock file");

        await _w.PwsyncAsync();
        var patch = (await _w.PatchesAsync())[0];
        await _w.Mail.TagAsync(patch.MessageId, "+pw-accepted", "-pw-new");
        var stateBefore = await File.ReadAllBytesAsync(_w.StatePath);
        var plan = await _w.PwsyncAsync("--dry-run");
        Assert.Contains($"push patch {patch.Id}", plan.Output);
        Assert.Equal("new", await _w.StateOfAsync(patch.Id));
        Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(patch.MessageId));
        Assert.Equal(stateBefore, await File.ReadAllBytesAsync(_w.StatePath));
    }

    [Fact]
    public async Task Pwsync_KilledAfterEachStep_RerunConverges()
    {
        // Reference: the final state of an uninterrupted sync of the same changes.
        await _w.PwsyncAsync();
        var patches = await _w.PatchesAsync();

        for (var crashAt = 1; crashAt <= 4; crashAt++)
        {
            // Fresh edits on both sides for each round, on different patches.
            var tracked = patches[crashAt * 2];
            var mailed = patches[(crashAt * 2) + 1];
            await _w.SetStateAsync(tracked.Id, "under-review");
            await _w.Mail.TagAsync(mailed.MessageId, "+pw-accepted", "-pw-new");

            var killed = await _w.PwsyncWithEnvAsync(new Dictionary<string, string> { ["PWSYNC_CRASH_AFTER_STEP"] = crashAt.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.NotEqual(0, killed.ExitCode);
            Assert.Contains("killed after", killed.Error);

            var rerun = await _w.PwsyncAsync();
            Assert.True(rerun.ExitCode == 0, rerun.Error);
            Assert.Equal(["pw-under-review"], await _w.Mail.PwTagsAsync(tracked.MessageId));
            Assert.Equal("accepted", await _w.StateOfAsync(mailed.Id));
            Assert.Equal(["pw-accepted"], await _w.Mail.PwTagsAsync(mailed.MessageId));
        }

        var status = await _w.PwsyncAsync("status");
        Assert.Contains("outbox: 0 pushes waiting", status.Output);
        var quiet = await _w.PwsyncAsync("--json");
        Assert.Contains("\"pushed\": 0", quiet.Output);
        Assert.Contains("\"retagged\": 0", quiet.Output);
    }
}

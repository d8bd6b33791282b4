namespace PatchSync.Sync.Tests.Engine;

/// <summary>Mail intake on its own: what a read puts into the run's memory and the state, and what it touches.</summary>
public class MailIntakeTests
{
    [Fact]
    public async Task ReadAsync_FirstRead_TakesEveryMessageIn_AndStoresTheTagsBeforeAnythingIsPlanned()
    {
        using var harness = new SyncHarness();
        harness.Mail.Add("a@x", "pw-new");
        harness.Mail.Add("b@x");
        await using var parts = await RunParts.OpenAsync(harness);
        var intake = new MailIntake(parts.Run, new StateLoader(parts.Run));

        var checkpoint = await intake.ReadAsync();

        Assert.NotNull(checkpoint);
        Assert.Equal(2, parts.Run.Report.MailRead);
        Assert.Equal(["pw-new"], parts.Run.Memory.Messages["a@x"]);
        Assert.Equal(["StateCommit mail read 2"], parts.Steps);
        var stored = await parts.Store.LoadAsync(harness.Scope, CancellationToken.None);
        Assert.Equal(["pw-new"], stored.Messages["a@x"]);
        // The checkpoint is the caller's to write, with the run's last commit.
        Assert.DoesNotContain(CheckpointNames.Mail, stored.Checkpoints.Keys);
    }

    [Fact]
    public async Task ReadAsync_DryRun_WritesNothing()
    {
        using var harness = new SyncHarness();
        harness.Mail.Add("a@x", "pw-new");
        await using var parts = await RunParts.OpenAsync(harness, dryRun: true);

        await new MailIntake(parts.Run, new StateLoader(parts.Run)).ReadAsync();

        Assert.Empty(parts.Steps);
        Assert.Empty((await parts.Store.LoadAsync(harness.Scope, CancellationToken.None)).Messages);
        Assert.True(parts.Run.Memory.Messages.ContainsKey("a@x"));
    }

    [Fact]
    public async Task ReadAsync_Incremental_TouchesThePatchesOfChangedAndRemovedMail_Only()
    {
        using var harness = new SyncHarness();
        harness.AddPatches(3);
        await harness.RunAsync();
        harness.Mail.UserTag(harness.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
        harness.Mail.Delete(harness.MessageId(2));
        await using var parts = await RunParts.OpenAsync(harness);

        await new MailIntake(parts.Run, new StateLoader(parts.Run)).ReadAsync();

        Assert.Equal(new HashSet<long> { 1, 2 }, parts.Run.Memory.Touched);
        Assert.Equal(1, parts.Run.Report.MailRead);
        Assert.False(parts.Run.Memory.Messages.ContainsKey(harness.MessageId(2)));
        Assert.Equal(["StateCommit mail read 1", "StateCommit mail gone 1"], parts.Steps);
        var stored = await parts.Store.LoadAsync(harness.Scope, CancellationToken.None);
        Assert.DoesNotContain(harness.MessageId(2), stored.Messages.Keys);
        Assert.Contains("pw-accepted", stored.Messages[harness.MessageId(1)]);
    }
}

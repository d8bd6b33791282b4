using Microsoft.Data.Sqlite;

namespace PatchSync.Sync.Tests.Engine;

/// <summary>The mail checkpoint: own writes not read back, other clients' edits never hidden, older forms still read.</summary>
public sealed class MailCheckpointTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_OwnRetagsComeBack_PlanNothingNextRun()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Tracker.Set(1, "accepted");
        await _h.RunAsync();
        var updatesBefore = _h.Tracker.Updates;

        var report = await _h.RunAsync();

        Assert.Empty(report.Plan);
        Assert.Equal(updatesBefore, _h.Tracker.Updates);
    }

    [Fact]
    public async Task RunAsync_StoreVouchesForItsWrites_NextRunDoesNotReadThemBack()
    {
        _h.AddPatches(7);

        var first = await _h.RunAsync();
        var next = await _h.RunAsync();

        Assert.Equal(7, first.Retagged);
        Assert.Equal(0, next.MailRead);
        Assert.Equal(0, next.Planned);
    }

    [Fact]
    public async Task RunAsync_StoreCannotVouch_NextRunReadsOwnWritesBackAndPlansNothing()
    {
        _h.Mail.VouchForOwnWrites = false;
        _h.AddPatches(7);

        await _h.RunAsync();
        var next = await _h.RunAsync();

        Assert.Equal(7, next.MailRead);
        Assert.Equal(0, next.Retagged);
        Assert.Equal(0, next.Pushed);
        Assert.Empty(next.Conflicts);
    }

    [Fact]
    public async Task RunAsync_OtherClientEditsBetweenReadAndWrite_EditIsNotHiddenByTheCheckpoint()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();
        _h.Tracker.Set(1, "accepted");
        // While pwsync retags patch 1's mail, another client marks patch 2's mail as accepted.
        _h.Mail.BeforeApply = () =>
        {
            _h.Mail.UserTag(_h.MessageId(2), add: ["pw-accepted"], remove: ["pw-new"]);
            _h.Mail.BeforeApply = null;
        };
        await _h.RunAsync();

        var next = await _h.RunAsync();

        Assert.Equal(1, next.Pushed);
        Assert.Equal("accepted", _h.Tracker[2].State);
    }

    [Fact]
    public async Task RunAsync_MailCheckpointInTheOlderOneKeyForm_IsStillReadAsADelta()
    {
        _h.AddPatch(1, "new");
        _h.AddPatch(2, "new");
        await _h.RunAsync();
        await using (var store = await StateStore.OpenAsync(_h.StatePath))
        await using (var tx = await store.BeginAsync())
        {
            var scope = CheckpointScopes.Sync(_h.Scope);
            var kind = await store.GetCheckpointAsync(scope, CheckpointNames.MailKind);
            var value = await store.GetCheckpointAsync(scope, CheckpointNames.Mail);
            tx.SetCheckpoint(scope, CheckpointNames.Mail, kind + "\n" + value);
            await tx.CommitAsync();
        }

        // An older file has no separate kind row; the store has no call to remove one, so plain SQL does.
        await using (var db = new SqliteConnection($"Data Source={_h.StatePath};Pooling=False"))
        {
            await db.OpenAsync();
            await using var delete = db.CreateCommand();
            delete.CommandText = "DELETE FROM checkpoints WHERE scope = $scope AND key = $key";
            delete.Parameters.AddWithValue("$scope", CheckpointScopes.Sync(_h.Scope));
            delete.Parameters.AddWithValue("$key", CheckpointNames.MailKind);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        _h.Mail.UserTag(_h.MessageId(2), add: ["pw-accepted"], remove: ["pw-new"]);
        var next = await _h.RunAsync();

        Assert.Equal(1, next.MailRead);
        Assert.Equal(1, next.Pushed);
    }

    [Fact]
    public async Task RunAsync_RetagRacesAnotherClient_NotRecordedAndRetriedNextRun()
    {
        _h.AddPatch(1, "new");
        await _h.RunAsync();
        _h.Tracker.Set(1, "accepted");
        _h.Mail.ConflictOn.Add(_h.MessageId(1));

        var report = await _h.RunAsync();
        Assert.Contains(report.Warnings, w => w.Contains("another client", StringComparison.Ordinal));
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(1)).Where(t => t.StartsWith("pw-", StringComparison.Ordinal)));

        await _h.RunAsync();
        Assert.Equal(["pw-accepted", "seen-by-other-client"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
    }
}

using PatchSync.Mail.Abstractions;
using PatchSync.Mail.Notmuch;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Notmuch;

/// <summary>
/// <see cref="ApplyResult.Checkpoint"/> against a real notmuch database: past our own writes when nothing
/// else happened, null whenever another client retagged, added or removed mail in between.
/// </summary>
[Collection("notmuch")]
public sealed class NotmuchApplyCheckpointTests : IAsyncLifetime
{
    private NotmuchDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await NotmuchDatabase.CreateAsync();
        var number = 0;
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await _db.WriteFileAsync(TestMail.Create($"{id}@example.invalid", number: ++number));
        }

        await _db.IndexNewAsync();
        await _db.TagAsync("*", "+pw-new", "+inbox");
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ApplyAsync_NothingElseChanged_CheckpointSkipsOwnWrites()
    {
        await using var store = CreateStore();
        await store.ReadAsync(null);

        var result = await store.ApplyAsync([Accept("a"), Accept("b")]);

        Assert.NotNull(result.Checkpoint);
        var delta = await store.ReadAsync(result.Checkpoint);
        Assert.False(delta.IsFull);
        Assert.Empty(delta.Messages);

        // Nothing later is hidden.
        await _db.TagAsync("id:a@example.invalid", "+pw-archived");
        Assert.Equal(["a@example.invalid"], (await store.ReadAsync(result.Checkpoint)).Messages.Keys);
    }

    [Fact]
    public async Task ApplyAsync_TwiceAfterOneRead_SecondCheckpointCoversBoth()
    {
        await using var store = CreateStore();
        await store.ReadAsync(null);

        var first = await store.ApplyAsync([Accept("a")]);
        var second = await store.ApplyAsync([Accept("b"), Change("a", ["pw-archived"], [])]);

        Assert.NotNull(first.Checkpoint);
        Assert.NotNull(second.Checkpoint);
        Assert.Empty((await store.ReadAsync(second.Checkpoint)).Messages);
        var fromFirst = await store.ReadAsync(first.Checkpoint);
        Assert.Equal(["a@example.invalid", "b@example.invalid"], fromFirst.Messages.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_AnotherClientChangedAnotherMessageAfterTheRead_CheckpointNullAndChangeStillRead()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);

        await _db.TagAsync("id:c@example.invalid", "-inbox");
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Equal(["a@example.invalid"], result.Applied);
        Assert.Null(result.Checkpoint);
        Assert.Contains("c@example.invalid", (await store.ReadAsync(read.Checkpoint)).Messages.Keys);
    }

    [Fact]
    public async Task ApplyAsync_AnotherClientChangedAMessageBetweenTwoApplies_SecondCheckpointNullAndStaysNull()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);
        var first = await store.ApplyAsync([Accept("a")]);

        await _db.TagAsync("id:d@example.invalid", "+pw-rfc");
        var second = await store.ApplyAsync([Accept("b")]);
        var third = await store.ApplyAsync([Accept("c")]);

        Assert.NotNull(first.Checkpoint);
        Assert.Null(second.Checkpoint);
        Assert.Null(third.Checkpoint);
        Assert.Contains("pw-rfc", (await store.ReadAsync(first.Checkpoint)).Messages["d@example.invalid"].Tags);
        Assert.Contains("pw-rfc", (await store.ReadAsync(read.Checkpoint)).Messages["d@example.invalid"].Tags);
    }

    [Fact]
    public async Task ApplyAsync_NewMailArrivedAfterTheRead_CheckpointNullAndNewMailStillRead()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);

        await _db.InsertAsync(TestMail.Create("late@example.invalid"));
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Null(result.Checkpoint);
        Assert.Contains("late@example.invalid", (await store.ReadAsync(read.Checkpoint)).Messages.Keys);
    }

    [Fact]
    public async Task ApplyAsync_MailRemovedAfterTheRead_CheckpointNullAndRemovalStillRead()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);

        var file = Directory.GetFiles(Path.Combine(_db.MailPath, "cur")).Single(f => File.ReadAllText(f).Contains("d@example.invalid", StringComparison.Ordinal));
        File.Delete(file);
        await _db.IndexNewAsync();
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Null(result.Checkpoint);
        var after = await store.ReadAsync(read.Checkpoint);
        Assert.True(after.IsFull);
        Assert.DoesNotContain("d@example.invalid", after.Messages.Keys);
    }

    [Fact]
    public async Task ApplyAsync_Conflict_CheckpointNull()
    {
        await using var store = CreateStore();
        await store.ReadAsync(null);

        await _db.TagAsync("id:a@example.invalid", "-pw-new", "+pw-rejected");
        var result = await store.ApplyAsync([Accept("a"), Accept("b")]);

        Assert.Equal(["a@example.invalid"], result.Conflicts);
        Assert.Null(result.Checkpoint);
    }

    [Fact]
    public async Task ApplyAsync_NothingToWrite_ReturnsTheReadsCheckpoint()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);

        var result = await store.ApplyAsync([Change("missing", ["pw-new"], [])]);

        Assert.Equal(["missing@example.invalid"], result.NotFound);
        Assert.Equal(read.Checkpoint, result.Checkpoint);
    }

    private NotmuchMailStore CreateStore() => new(new NotmuchStoreOptions { ConfigPath = _db.ConfigPath });

    private static TagChange Accept(string id) => Change(id, ["pw-accepted"], ["pw-new"]);

    private static TagChange Change(string id, string[] add, string[] remove) =>
        new($"{id}@example.invalid", add.ToHashSet(StringComparer.Ordinal), remove.ToHashSet(StringComparer.Ordinal));
}

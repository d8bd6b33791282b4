using PatchSync.Core.Ports;
using Xunit;

namespace PatchSync.Mail.Tests.Contract;

/// <summary>
/// What every <see cref="IMailStore"/> promises about <see cref="ApplyResult.Checkpoint"/>, run against each
/// real store by a small subclass: past our own writes when nothing else happened, null whenever another
/// client changed, added or removed mail in between, and nothing later hidden by it.
/// </summary>
/// <remarks>
/// A subclass starts a store with four messages <c>a</c>..<c>d@example.invalid</c>, each tagged
/// <c>pw-new</c>, and acts as "another client" on it with the store's own tools.
/// </remarks>
public abstract class ApplyCheckpointContract : IAsyncLifetime
{
    /// <summary>Starts the real store with the four messages, each tagged <c>pw-new</c>.</summary>
    public abstract Task InitializeAsync();

    /// <summary>Stops the store and removes its files.</summary>
    public abstract Task DisposeAsync();

    /// <summary>A new store instance on the started mail (no read yet).</summary>
    protected abstract IMailStore CreateStore();

    /// <summary>Another client adds <paramref name="add"/> to and removes <paramref name="remove"/> from message <paramref name="id"/>.</summary>
    protected abstract Task RetagAsync(string id, string[] add, string[] remove);

    /// <summary>Another client delivers a new message <paramref name="id"/>.</summary>
    protected abstract Task DeliverAsync(string id);

    /// <summary>Another client removes message <paramref name="id"/> (its only copy).</summary>
    protected abstract Task RemoveAsync(string id);

    /// <summary>Checks that a read from a checkpoint before the removal of <paramref name="messageId"/> tells of it, the store's way.</summary>
    protected abstract void AssertRemovalRead(MailSnapshot read, string messageId);

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
        Assert.Empty(delta.Removed);

        // The checkpoint hides nothing that comes later: a change after it is read as usual.
        await RetagAsync("a", add: ["pw-archived"], remove: []);
        var later = await store.ReadAsync(result.Checkpoint);
        Assert.Equal(["a@example.invalid"], later.Messages.Keys);
        Assert.Equal(["pw-accepted", "pw-archived"], later.Messages["a@example.invalid"].Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_TwiceAfterOneRead_SecondCheckpointCoversBoth()
    {
        await using var store = CreateStore();
        await store.ReadAsync(null);

        var first = await store.ApplyAsync([Accept("a")]);
        // A checkpoint's text may be made when first read: read now, it is the state after the first apply only.
        _ = first.Checkpoint?.Value;
        var second = await store.ApplyAsync([Accept("b"), Change("a", add: ["pw-archived"], remove: [])]);

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

        await RetagAsync("c", add: ["pw-superseded"], remove: []);
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Equal(["a@example.invalid"], result.Applied);
        Assert.Null(result.Checkpoint);
        var delta = await store.ReadAsync(read.Checkpoint);
        Assert.Equal(["pw-new", "pw-superseded"], delta.Messages["c@example.invalid"].Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_AnotherClientChangedAMessageBetweenTwoApplies_SecondCheckpointNullAndStaysNull()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);
        var first = await store.ApplyAsync([Accept("a")]);

        await RetagAsync("d", add: ["pw-rfc"], remove: []);
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

        await DeliverAsync("late");
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Null(result.Checkpoint);
        Assert.Contains("late@example.invalid", (await store.ReadAsync(read.Checkpoint)).Messages.Keys);
    }

    [Fact]
    public async Task ApplyAsync_MailRemovedAfterTheRead_CheckpointNullAndRemovalStillRead()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);

        await RemoveAsync("d");
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Null(result.Checkpoint);
        var after = await store.ReadAsync(read.Checkpoint);
        Assert.DoesNotContain("d@example.invalid", after.Messages.Keys);
        AssertRemovalRead(after, "d@example.invalid");
    }

    [Fact]
    public async Task ApplyAsync_Conflict_CheckpointNull()
    {
        await using var store = CreateStore();
        await store.ReadAsync(null);

        await RetagAsync("a", add: ["pw-rejected"], remove: ["pw-new"]);
        var result = await store.ApplyAsync([Accept("a"), Accept("b")]);

        Assert.Equal(["a@example.invalid"], result.Conflicts);
        Assert.Null(result.Checkpoint);
    }

    [Fact]
    public async Task ApplyAsync_NothingToWrite_ReturnsTheReadsCheckpoint()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);

        var result = await store.ApplyAsync([Change("a", add: ["pw-new"], remove: []), Change("missing", add: ["pw-new"], remove: [])]);

        Assert.Equal(["missing@example.invalid"], result.NotFound);
        Assert.Equal(read.Checkpoint, result.Checkpoint);
    }

    /// <summary>The usual change: <c>pw-new</c> to <c>pw-accepted</c>.</summary>
    protected static TagChange Accept(string id) => Change(id, add: ["pw-accepted"], remove: ["pw-new"]);

    /// <summary>A change of message <c>ID@example.invalid</c>.</summary>
    protected static TagChange Change(string id, string[] add, string[] remove) =>
        new($"{id}@example.invalid", add.ToHashSet(StringComparer.Ordinal), remove.ToHashSet(StringComparer.Ordinal));
}

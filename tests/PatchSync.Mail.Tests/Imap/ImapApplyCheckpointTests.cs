using PatchSync.Mail.Abstractions;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>
/// <see cref="ApplyResult.Checkpoint"/> against a real Dovecot: past our own writes when nothing else
/// happened, null whenever another client changed, added or expunged mail in between.
/// </summary>
public sealed class ImapApplyCheckpointTests : IAsyncLifetime
{
    private DovecotServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await DovecotServer.StartAsync();
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await _server.SaveAsync("INBOX", TestMail.Create($"{id}@example.invalid"));
        }

        await _server.FlagsAsync("add", "INBOX", "all", "pw-new");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApplyAsync_NothingElseChanged_CheckpointSkipsOwnWrites()
    {
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);

        var result = await store.ApplyAsync([Accept("a"), Accept("b")]);

        Assert.NotNull(result.Checkpoint);
        var delta = await store.ReadAsync(result.Checkpoint);
        Assert.Empty(delta.Messages);
        Assert.Empty(delta.Removed);

        // The checkpoint hides nothing that comes later: a change after it is read as usual.
        await _server.FlagsAsync("replace", "INBOX", "uid 1", "pw-rejected");
        var later = await store.ReadAsync(result.Checkpoint);
        Assert.Equal(["a@example.invalid"], later.Messages.Keys);
        Assert.Equal(["pw-rejected"], later.Messages["a@example.invalid"].Tags);
    }

    [Fact]
    public async Task ApplyAsync_OwnWritesThenAnotherClientRevertsOne_ReadFromCheckpointSeesTheRevert()
    {
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);
        var result = await store.ApplyAsync([Accept("a")]);

        // Back to the tags the read saw: only a map carrying our write tells this apart from "unchanged".
        await _server.FlagsAsync("replace", "INBOX", "uid 1", "pw-new");
        var delta = await store.ReadAsync(result.Checkpoint);

        Assert.Equal(["pw-new"], delta.Messages["a@example.invalid"].Tags);
    }

    [Fact]
    public async Task ApplyAsync_TwiceAfterOneRead_SecondCheckpointCoversBoth()
    {
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);

        var first = await store.ApplyAsync([Accept("a")]);
        // A checkpoint's text is made when first read: read now, it is the state after the first apply only.
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
        await using var store = ImapTestStore.Create(_server);
        var read = await store.ReadAsync(null);

        await _server.FlagsAsync("add", "INBOX", "uid 3", "pw-superseded");
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Equal(["a@example.invalid"], result.Applied);
        Assert.Null(result.Checkpoint);
        var delta = await store.ReadAsync(read.Checkpoint);
        Assert.Equal(["pw-new", "pw-superseded"], delta.Messages["c@example.invalid"].Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_AnotherClientChangedAMessageBetweenTwoApplies_SecondCheckpointNullAndStaysNull()
    {
        await using var store = ImapTestStore.Create(_server);
        var read = await store.ReadAsync(null);
        var first = await store.ApplyAsync([Accept("a")]);

        await _server.FlagsAsync("add", "INBOX", "uid 4", "pw-rfc");
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
        await using var store = ImapTestStore.Create(_server);
        var read = await store.ReadAsync(null);

        await _server.SaveAsync("INBOX", TestMail.Create("late@example.invalid"));
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Null(result.Checkpoint);
        Assert.Contains("late@example.invalid", (await store.ReadAsync(read.Checkpoint)).Messages.Keys);
    }

    [Fact]
    public async Task ApplyAsync_MailExpungedAfterTheRead_CheckpointNullAndRemovalStillRead()
    {
        await using var store = ImapTestStore.Create(_server);
        var read = await store.ReadAsync(null);

        await _server.ExpungeAsync("INBOX", "uid 4");
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Null(result.Checkpoint);
        Assert.Equal(["d@example.invalid"], (await store.ReadAsync(read.Checkpoint)).Removed);
    }

    [Fact]
    public async Task ApplyAsync_Conflict_CheckpointNull()
    {
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);

        await _server.FlagsAsync("replace", "INBOX", "uid 1", "pw-rejected");
        var result = await store.ApplyAsync([Accept("a"), Accept("b")]);

        Assert.Equal(["a@example.invalid"], result.Conflicts);
        Assert.Null(result.Checkpoint);
    }

    [Fact]
    public async Task ApplyAsync_AnotherFolderChanged_CheckpointKeepsThatFolderAtItsReadState()
    {
        await _server.SaveAsync("lists/dev", TestMail.Create("e@example.invalid"));
        await using var store = ImapTestStore.Create(_server, null, "INBOX", "lists/*");
        await store.ReadAsync(null);

        await _server.FlagsAsync("add", "lists/dev", "uid 1", "pw-accepted");
        await _server.SaveAsync("lists/dev", TestMail.Create("a@example.invalid"));
        var result = await store.ApplyAsync([Accept("b")]);

        Assert.NotNull(result.Checkpoint);
        var delta = await store.ReadAsync(result.Checkpoint);
        Assert.Equal(["a@example.invalid", "e@example.invalid"], delta.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["INBOX:1", "lists/dev:2"], delta.Messages["a@example.invalid"].Copies.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_VerifiedInSeveralUidRanges_CheckpointSkipsOwnWrites()
    {
        await using var store = ImapTestStore.Create(_server, o => o.FetchBatchSize = 1);
        await store.ReadAsync(null);
        var before = store.Timings.Counter("imap.roundtrips");

        var result = await store.ApplyAsync([Accept("a"), Accept("c")]);

        // One STORE per step (add, remove), a FETCH per range (1:2, 3:*), NOOP; no SELECT: the read's stays.
        Assert.Equal(5, store.Timings.Counter("imap.roundtrips") - before);
        Assert.NotNull(result.Checkpoint);
        Assert.Empty((await store.ReadAsync(result.Checkpoint)).Messages);
    }

    [Fact]
    public async Task ApplyAsync_ChangeBetweenOwnWritesInAnotherUidRange_CheckpointNull()
    {
        await using var store = ImapTestStore.Create(_server, o => o.FetchBatchSize = 1);
        var read = await store.ReadAsync(null);

        await _server.FlagsAsync("add", "INBOX", "uid 2", "pw-deferred");
        var result = await store.ApplyAsync([Accept("a"), Accept("c")]);

        Assert.Null(result.Checkpoint);
        Assert.Contains("pw-deferred", (await store.ReadAsync(read.Checkpoint)).Messages["b@example.invalid"].Tags);
    }

    [Fact]
    public async Task ApplyAsync_NothingToWrite_ReturnsTheReadsCheckpoint()
    {
        await using var store = ImapTestStore.Create(_server);
        var read = await store.ReadAsync(null);

        var result = await store.ApplyAsync([Change("a", add: ["pw-new"], remove: [])]);

        Assert.Equal(read.Checkpoint, result.Checkpoint);
    }

    private static TagChange Accept(string id) => Change(id, add: ["pw-accepted"], remove: ["pw-new"]);

    private static TagChange Change(string id, string[] add, string[] remove) =>
        new($"{id}@example.invalid", add.ToHashSet(StringComparer.Ordinal), remove.ToHashSet(StringComparer.Ordinal));
}

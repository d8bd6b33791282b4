using PatchSync.Core.Ports;
using PatchSync.Mail.Tests.Contract;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>
/// <see cref="ApplyResult.Checkpoint"/> against a real Dovecot: the shared <see cref="ApplyCheckpointContract"/>
/// scenarios, plus what only IMAP has (several folders, UID ranges, a revert only a map of our writes can see).
/// </summary>
public sealed class ImapApplyCheckpointTests : ApplyCheckpointContract
{
    private static readonly string[] Ids = ["a", "b", "c", "d"];
    private DovecotServer _server = null!;

    public override async Task InitializeAsync()
    {
        _server = await DovecotServer.StartAsync();
        foreach (var id in Ids)
        {
            await _server.SaveAsync("INBOX", TestMail.Create($"{id}@example.invalid"));
        }

        await _server.FlagsAsync("add", "INBOX", "all", "pw-new");
    }

    public override async Task DisposeAsync() => await _server.DisposeAsync();

    protected override IMailStore CreateStore() => ImapTestStore.Create(_server);

    protected override async Task RetagAsync(string id, string[] add, string[] remove)
    {
        if (add.Length > 0)
        {
            await _server.FlagsAsync("add", "INBOX", Uid(id), add);
        }

        if (remove.Length > 0)
        {
            await _server.FlagsAsync("remove", "INBOX", Uid(id), remove);
        }
    }

    protected override Task DeliverAsync(string id) => _server.SaveAsync("INBOX", TestMail.Create($"{id}@example.invalid"));

    protected override Task RemoveAsync(string id) => _server.ExpungeAsync("INBOX", Uid(id));

    protected override void AssertRemovalRead(MailSnapshot read, string messageId) => Assert.Equal([messageId], read.Removed);

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

    /// <summary>The search query for one of the four first messages (saved in order, so a is UID 1).</summary>
    private static string Uid(string id) => $"uid {Array.IndexOf(Ids, id) + 1}";
}

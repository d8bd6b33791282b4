using PatchSync.Core.Ports;
using PatchSync.Mail.Notmuch;
using PatchSync.Mail.Tests.Contract;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Notmuch;

/// <summary>
/// <see cref="ApplyResult.Checkpoint"/> against a real notmuch database: the shared
/// <see cref="ApplyCheckpointContract"/> scenarios, plus a change of a tag pwsync does not own.
/// </summary>
[Collection("notmuch")]
public sealed class NotmuchApplyCheckpointTests : ApplyCheckpointContract
{
    private NotmuchDatabase _db = null!;

    public override async Task InitializeAsync()
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

    public override Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ApplyAsync_AnotherClientChangedAForeignTagAfterTheRead_CheckpointNullAndMessageStillRead()
    {
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);

        await _db.TagAsync("id:c@example.invalid", "-inbox");
        var result = await store.ApplyAsync([Accept("a")]);

        Assert.Equal(["a@example.invalid"], result.Applied);
        Assert.Null(result.Checkpoint);
        Assert.Contains("c@example.invalid", (await store.ReadAsync(read.Checkpoint)).Messages.Keys);
    }

    protected override IMailStore CreateStore() => new NotmuchMailStore(new NotmuchStoreOptions { ConfigPath = _db.ConfigPath });

    protected override Task RetagAsync(string id, string[] add, string[] remove) =>
        _db.TagAsync($"id:{id}@example.invalid", [.. add.Select(t => "+" + t), .. remove.Select(t => "-" + t)]);

    protected override Task DeliverAsync(string id) => _db.InsertAsync(TestMail.Create($"{id}@example.invalid"));

    protected override async Task RemoveAsync(string id)
    {
        var file = Directory.GetFiles(Path.Combine(_db.MailPath, "cur"))
            .Single(f => File.ReadAllText(f).Contains($"{id}@example.invalid", StringComparison.Ordinal));
        File.Delete(file);
        await _db.IndexNewAsync();
    }

    // After a removal the store reads everything again from an earlier checkpoint (and the message is not among them).
    protected override void AssertRemovalRead(MailSnapshot read, string messageId) => Assert.True(read.IsFull);
}

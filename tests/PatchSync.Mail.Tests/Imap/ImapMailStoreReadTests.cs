using PatchSync.Core.Ports;
using PatchSync.Mail.Imap;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>Reads against a real Dovecot: first index, deltas through CONDSTORE, UIDVALIDITY resets.</summary>
public sealed class ImapMailStoreReadTests : IAsyncLifetime
{
    private DovecotServer _server = null!;

    public async Task InitializeAsync() => _server = await DovecotServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ReadAsync_FirstRun_IndexesEveryMessageWithOwnedKeywordsOnly()
    {
        await SeedAsync("INBOX", "one@example.invalid", "two@example.invalid", "three@example.invalid");
        await _server.FlagsAsync("add", "INBOX", "uid 2", "pw-new", "important", "\\Seen");
        await using var store = ImapTestStore.Create(_server);

        var snapshot = await store.ReadAsync(null);

        Assert.True(snapshot.IsFull);
        Assert.Equal("imap", snapshot.Checkpoint.Kind);
        Assert.Equal(["one@example.invalid", "three@example.invalid", "two@example.invalid"], snapshot.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["pw-new"], snapshot.Messages["two@example.invalid"].Tags);
        Assert.Empty(snapshot.Messages["one@example.invalid"].Tags);
        Assert.Equal(["INBOX:2"], snapshot.Messages["two@example.invalid"].Copies);
        Assert.Equal($"imap://maint@127.0.0.1:{_server.Port}", store.Name);
        Assert.Equal(3, store.Timings.Counter("imap.messages"));
    }

    [Fact]
    public async Task ReadAsync_DuplicatesAcrossFoldersAndWithinFolder_ListsEveryCopyAndDisagreement()
    {
        await SeedAsync("INBOX", "dup@example.invalid", "solo@example.invalid");
        await SeedAsync("lists/linux", "dup@example.invalid", "dup@example.invalid");
        await _server.FlagsAsync("add", "lists/linux", "uid 1", "pw-accepted");
        await using var store = ImapTestStore.Create(_server, null, "INBOX", "lists/*");

        var snapshot = await store.ReadAsync(null);

        var dup = snapshot.Messages["dup@example.invalid"];
        Assert.Equal(["INBOX:1", "lists/linux:1", "lists/linux:2"], dup.Copies.Order(StringComparer.Ordinal));
        Assert.True(dup.CopiesDisagree);
        Assert.Equal(["pw-accepted"], dup.Tags);
        Assert.False(snapshot.Messages["solo@example.invalid"].CopiesDisagree);
    }

    [Fact]
    public async Task ReadAsync_NothingChanged_ReturnsNoMessagesAndTheSameCheckpoint()
    {
        await SeedAsync("INBOX", "a@example.invalid", "b@example.invalid");
        await using var store = ImapTestStore.Create(_server);
        var first = await store.ReadAsync(null);

        var second = await store.ReadAsync(first.Checkpoint);

        Assert.False(second.IsFull);
        Assert.Empty(second.Messages);
        Assert.Empty(second.Removed);
        Assert.Equal(first.Checkpoint, second.Checkpoint);
    }

    [Fact]
    public async Task ReadAsync_AnotherClientChangedAKeyword_ReturnsOnlyThatMessage()
    {
        await SeedAsync("INBOX", "a@example.invalid", "b@example.invalid", "c@example.invalid");
        await using var store = ImapTestStore.Create(_server);
        var first = await store.ReadAsync(null);

        await _server.FlagsAsync("add", "INBOX", "uid 2", "pw-under-review");
        await _server.FlagsAsync("add", "INBOX", "uid 3", "\\Seen"); // not an owned tag: not a change for pwsync
        var delta = await store.ReadAsync(first.Checkpoint);

        Assert.False(delta.IsFull);
        Assert.Equal(["b@example.invalid"], delta.Messages.Keys);
        Assert.Equal(["pw-under-review"], delta.Messages["b@example.invalid"].Tags);
        Assert.NotEqual(first.Checkpoint, delta.Checkpoint);
        Assert.Empty((await store.ReadAsync(delta.Checkpoint)).Messages);
    }

    [Fact]
    public async Task ReadAsync_MessageExpungedAndNewMessageArrived_ReportsRemovedAndNew()
    {
        await SeedAsync("INBOX", "gone@example.invalid", "stays@example.invalid", "copy@example.invalid");
        await SeedAsync("Archive", "copy@example.invalid");
        await using var store = ImapTestStore.Create(_server, null, "INBOX", "Archive");
        var first = await store.ReadAsync(null);

        await _server.ExpungeAsync("INBOX", "uid 1");
        await _server.ExpungeAsync("INBOX", "uid 3");
        await SeedAsync("INBOX", "new@example.invalid");
        var delta = await store.ReadAsync(first.Checkpoint);

        Assert.Equal(["gone@example.invalid"], delta.Removed);
        Assert.Equal(["copy@example.invalid", "new@example.invalid"], delta.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Archive:1"], delta.Messages["copy@example.invalid"].Copies);
    }

    [Fact]
    public async Task ReadAsync_DeltaOverSeveralFoldersWithDuplicates_GivesWhatAFullReadGives()
    {
        await SeedAsync("INBOX", "dup@example.invalid", "a@example.invalid", "b@example.invalid", "gone@example.invalid", "quiet@example.invalid");
        await SeedAsync("lists/linux", "dup@example.invalid", "dup@example.invalid", "a@example.invalid", "c@example.invalid");
        await SeedAsync("lists/netdev", "b@example.invalid", "quiet@example.invalid");
        await _server.FlagsAsync("add", "lists/linux", "uid 1", "pw-new");
        await _server.FlagsAsync("add", "lists/netdev", "uid 1", "pw-accepted");
        await using var store = ImapTestStore.Create(_server, null, "INBOX", "lists/*");
        var first = await store.ReadAsync(null);

        // Another client: one copy of a duplicate retagged, a copy whose twin sits in an unchanged folder
        // retagged, a message expunged, a new copy of a known id, and a brand-new message.
        await _server.FlagsAsync("add", "lists/linux", "uid 2", "pw-rejected");
        await _server.FlagsAsync("add", "INBOX", "uid 3", "pw-under-review");
        await _server.ExpungeAsync("INBOX", "uid 4");
        await SeedAsync("lists/linux", "b@example.invalid", "new@example.invalid");
        var delta = await store.ReadAsync(first.Checkpoint);
        await using var fresh = ImapTestStore.Create(_server, null, "INBOX", "lists/*");
        var full = await fresh.ReadAsync(null);

        Assert.False(delta.IsFull);
        Assert.Equal(["gone@example.invalid"], delta.Removed);
        Assert.Equal(["b@example.invalid", "dup@example.invalid", "new@example.invalid"], delta.Messages.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, message) in delta.Messages)
        {
            var expected = full.Messages[id];
            Assert.Equal(expected.Tags.Order(StringComparer.Ordinal), message.Tags.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Copies.Order(StringComparer.Ordinal), message.Copies.Order(StringComparer.Ordinal));
            Assert.Equal(expected.CopiesDisagree, message.CopiesDisagree);
        }

        Assert.True(delta.Messages["dup@example.invalid"].CopiesDisagree);
        Assert.Equal(["INBOX:3", "lists/linux:5", "lists/netdev:1"], delta.Messages["b@example.invalid"].Copies.Order(StringComparer.Ordinal));

        // The delta's checkpoint holds what the full read's does: a read from either finds nothing new.
        Assert.Equal(MapOf(full.Checkpoint), MapOf(delta.Checkpoint));
        Assert.Empty((await store.ReadAsync(delta.Checkpoint)).Messages);
    }

    [Fact]
    public async Task ApplyAsync_AfterADeltaRead_WritesEveryCopyIncludingFoldersTheDeltaDidNotTouch()
    {
        await SeedAsync("INBOX", "p1@example.invalid", "other@example.invalid");
        await SeedAsync("lists/dev", "p1@example.invalid", "p1@example.invalid");
        await using var store = ImapTestStore.Create(_server, null, "INBOX", "lists/*");
        var first = await store.ReadAsync(null);
        await _server.FlagsAsync("add", "INBOX", "uid 2", "pw-new");
        var delta = await store.ReadAsync(first.Checkpoint);
        Assert.Equal(["other@example.invalid"], delta.Messages.Keys);

        var result = await store.ApplyAsync([new TagChange("p1@example.invalid", new HashSet<string>(["pw-accepted"]), new HashSet<string>()), new TagChange("nowhere@example.invalid", new HashSet<string>(["pw-accepted"]), new HashSet<string>())]);

        Assert.Equal(["p1@example.invalid"], result.Applied);
        Assert.Equal(["nowhere@example.invalid"], result.NotFound);
        Assert.Equal(["pw-accepted"], await ImapTestStore.FlagsOfAsync(_server, "INBOX", 1));
        Assert.Equal(["pw-accepted"], await ImapTestStore.FlagsOfAsync(_server, "lists/dev", 1));
        Assert.Equal(["pw-accepted"], await ImapTestStore.FlagsOfAsync(_server, "lists/dev", 2));
        var after = await store.ReadAsync(result.Checkpoint ?? delta.Checkpoint);
        Assert.DoesNotContain(after.Messages.Keys, id => id != "p1@example.invalid");
    }

    [Fact]
    public async Task ReadAsync_FolderDeletedAndRecreated_ReindexesAfterUidValidityChange()
    {
        await SeedAsync("lists/dev", "old1@example.invalid", "old2@example.invalid");
        await using var store = ImapTestStore.Create(_server, null, "lists/dev");
        var first = await store.ReadAsync(null);

        await _server.DeleteFolderAsync("lists/dev");
        await SeedAsync("lists/dev", "old2@example.invalid", "fresh@example.invalid");
        await _server.FlagsAsync("add", "lists/dev", "uid 1", "pw-new");
        var delta = await store.ReadAsync(first.Checkpoint);

        Assert.False(delta.IsFull);
        Assert.Contains(delta.Warnings, w => w.Contains("UIDVALIDITY", StringComparison.Ordinal));
        Assert.Equal(["old1@example.invalid"], delta.Removed);
        Assert.Equal(["pw-new"], delta.Messages["old2@example.invalid"].Tags);
        Assert.Contains("fresh@example.invalid", delta.Messages.Keys);
    }

    [Fact]
    public async Task ReadAsync_ServerWithoutCondStore_FindsChangesByScanningFlags()
    {
        await SeedAsync("INBOX", "a@example.invalid", "b@example.invalid", "c@example.invalid");
        await using var store = ImapTestStore.Create(_server, o => o.IgnoreCondStore = true);
        var first = await store.ReadAsync(null);

        await _server.FlagsAsync("add", "INBOX", "uid 1", "pw-rejected");
        await _server.ExpungeAsync("INBOX", "uid 2");
        await SeedAsync("INBOX", "d@example.invalid");
        var delta = await store.ReadAsync(first.Checkpoint);

        Assert.Equal(["a@example.invalid", "d@example.invalid"], delta.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["pw-rejected"], delta.Messages["a@example.invalid"].Tags);
        Assert.Equal(["b@example.invalid"], delta.Removed);
    }

    [Fact]
    public async Task ReadAsync_CheckpointOfAnotherStore_ReadsEverything()
    {
        await SeedAsync("INBOX", "a@example.invalid");
        await using var store = ImapTestStore.Create(_server);

        var snapshot = await store.ReadAsync(new MailCheckpoint("notmuch", "uuid:5:1"));

        Assert.True(snapshot.IsFull);
        Assert.Single(snapshot.Messages);
    }

    [Fact]
    public async Task ReadAsync_FolderWithMoreThan26Keywords_Warns()
    {
        await SeedAsync("INBOX", "a@example.invalid");
        await _server.FlagsAsync("add", "INBOX", "uid 1", [.. Enumerable.Range(1, 27).Select(i => $"kw{i}")]);
        await using var store = ImapTestStore.Create(_server);

        var snapshot = await store.ReadAsync(null);

        Assert.Contains(snapshot.Warnings, w => w.Contains("27 keywords", StringComparison.Ordinal) && w.Contains("'INBOX'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_MissingFolder_ThrowsNamingIt()
    {
        await using var store = ImapTestStore.Create(_server, null, "INBOX", "no/such/folder");

        var error = await Assert.ThrowsAsync<MailStoreException>(() => store.ReadAsync(null));

        Assert.Contains("'no/such/folder' does not exist", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Folder -> sorted "uid message-id tags" entries of a checkpoint, decoded.</summary>
    private static Dictionary<string, string> MapOf(MailCheckpoint checkpoint) =>
        ImapCheckpoint.TryParse(new MailCheckpoint(checkpoint.Kind, checkpoint.Value), new Core.Tags.TagSetInterner())!
            .ToDictionary(
                f => f.Key,
                f => $"{f.Value.UidValidity} {f.Value.UidNext} {f.Value.MessageCount}: " + string.Join(
                    "; ",
                    f.Value.Copies.Select(c => $"{c.Uid} {c.Copy.MessageId} {string.Join(',', c.Copy.Tags)}").Order(StringComparer.Ordinal)));

    private async Task SeedAsync(string folder, params string[] messageIds)
    {
        foreach (var id in messageIds)
        {
            await _server.SaveAsync(folder, TestMail.Create(id));
        }
    }
}

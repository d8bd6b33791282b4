using PatchSync.Core.Ports;
using PatchSync.Mail.Notmuch;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Notmuch;

/// <summary>
/// Reads and writes against a real notmuch database (one per test, in a temp dir). The tests share one
/// collection so notmuch processes of different tests do not compete for the 2 cores.
/// </summary>
[Collection("notmuch")]
public sealed class NotmuchMailStoreTests : IAsyncLifetime
{
    private NotmuchDatabase _db = null!;

    public async Task InitializeAsync() => _db = await NotmuchDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReadAsync_FirstRun_ListsEveryMessageWithOwnedTagsOnly()
    {
        await _db.InsertAsync(TestMail.Create("one@example.invalid"), "pw-new", "todo");
        await _db.InsertAsync(TestMail.Create("two@example.invalid"));
        await _db.InsertAsync(TestMail.Create("we\"ird@example.invalid"), "pw-odd tag");
        await using var store = CreateStore();

        var snapshot = await store.ReadAsync(null);

        Assert.True(snapshot.IsFull);
        Assert.Equal("notmuch", snapshot.Checkpoint.Kind);
        Assert.Equal(["one@example.invalid", "two@example.invalid", "we\"ird@example.invalid"], snapshot.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["pw-new"], snapshot.Messages["one@example.invalid"].Tags);
        Assert.Empty(snapshot.Messages["two@example.invalid"].Tags);
        Assert.Equal(["pw-odd tag"], snapshot.Messages["we\"ird@example.invalid"].Tags);
        Assert.Equal(["id:\"one@example.invalid\""], snapshot.Messages["one@example.invalid"].Copies);
    }

    [Fact]
    public async Task ApplyAsync_WritesTheBatchWithoutATemporaryFile()
    {
        // A batch file in the temporary directory outlived a killed run (0644, holding Message-IDs and tags).
        await _db.InsertAsync(TestMail.Create("p@example.invalid"), "pw-new");
        await using var store = CreateStore();
        await store.ReadAsync(null);
        using var watcher = new FileSystemWatcher(Path.GetTempPath(), StaleBatchFiles.Pattern) { EnableRaisingEvents = true };
        var created = new List<string>();
        watcher.Created += (_, e) =>
        {
            lock (created)
            {
                created.Add(e.FullPath);
            }
        };

        var result = await store.ApplyAsync([Change("p@example.invalid", ["pw-accepted"], ["pw-new"])]);

        Assert.Equal(["p@example.invalid"], result.Applied);
        Assert.Equal(["pw-accepted"], (await store.ReadAsync(null)).Messages["p@example.invalid"].Tags);
        await Task.Delay(200);
        lock (created)
        {
            Assert.Empty(created);
        }
    }

    [Fact]
    public async Task ApplyAsync_AddAndRemove_RoundTripsAndLeavesOtherTags()
    {
        await _db.InsertAsync(TestMail.Create("p@example.invalid"), "pw-new", "todo");
        await _db.InsertAsync(TestMail.Create("q\"uote@example.invalid"));
        await using var store = CreateStore();
        await store.ReadAsync(null);
        var before = store.Timings.Counter("notmuch.processes");

        var result = await store.ApplyAsync(
            [Change("p@example.invalid", ["pw-accepted"], ["pw-new"]), Change("q\"uote@example.invalid", ["pw-100%"], [])]);

        Assert.Equal(["p@example.invalid", "q\"uote@example.invalid"], result.Applied.Order(StringComparer.Ordinal));
        // one changed-since dump (ids the read saw need no existence search), one tag --batch, one count,
        // one dump proving the changes since are ours (for the checkpoint): not one process per message.
        Assert.Equal(4, store.Timings.Counter("notmuch.processes") - before);
        Assert.NotNull(result.Checkpoint);
        var tags = (await _db.NotmuchAsync("search", "--output=tags", "id:p@example.invalid")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("todo", tags);
        Assert.Contains("pw-accepted", tags);
        Assert.DoesNotContain("pw-new", tags);
        var reread = await store.ReadAsync(null);
        Assert.Equal(["pw-100%"], reread.Messages["q\"uote@example.invalid"].Tags);
    }

    [Fact]
    public async Task ReadAsync_Incremental_ReturnsOnlyWhatChangedSinceTheRevision()
    {
        await _db.InsertAsync(TestMail.Create("a@example.invalid"));
        await _db.InsertAsync(TestMail.Create("b@example.invalid"));
        await using var store = CreateStore();
        var first = await store.ReadAsync(null);

        var unchanged = await store.ReadAsync(first.Checkpoint);
        await _db.TagAsync("id:b@example.invalid", "+pw-under-review");
        await _db.InsertAsync(TestMail.Create("c@example.invalid"));
        var delta = await store.ReadAsync(first.Checkpoint);

        Assert.False(unchanged.IsFull);
        Assert.Empty(unchanged.Messages);
        Assert.Equal(first.Checkpoint, unchanged.Checkpoint);
        Assert.False(delta.IsFull);
        Assert.Equal(["b@example.invalid", "c@example.invalid"], delta.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["pw-under-review"], delta.Messages["b@example.invalid"].Tags);
        Assert.Empty((await store.ReadAsync(delta.Checkpoint)).Messages);
    }

    [Fact]
    public async Task ReadAsync_DatabaseRebuilt_NewUuidGivesAFullRead()
    {
        await _db.InsertAsync(TestMail.Create("a@example.invalid"), "pw-new");
        await using var store = CreateStore();
        var first = await store.ReadAsync(null);

        await _db.RebuildAsync();
        var after = await store.ReadAsync(first.Checkpoint);

        Assert.True(after.IsFull);
        Assert.Contains(after.Warnings, w => w.Contains("UUID changed", StringComparison.Ordinal));
        Assert.Empty(after.Messages["a@example.invalid"].Tags); // a rebuild loses tags: the engine must see that
        Assert.NotEqual(first.Checkpoint.Value.Split(':')[0], after.Checkpoint.Value.Split(':')[0]);
    }

    [Fact]
    public async Task ReadAsync_MessageRemoved_FallsBackToAFullRead()
    {
        await _db.WriteFileAsync(TestMail.Create("stay@example.invalid", number: 1));
        await _db.WriteFileAsync(TestMail.Create("leave@example.invalid", number: 2));
        await _db.IndexNewAsync();
        await using var store = CreateStore();
        var first = await store.ReadAsync(null);

        var file = Directory.GetFiles(Path.Combine(_db.MailPath, "cur")).Single(f => File.ReadAllText(f).Contains("leave@", StringComparison.Ordinal));
        File.Delete(file);
        await _db.IndexNewAsync();
        var after = await store.ReadAsync(first.Checkpoint);

        Assert.True(after.IsFull);
        Assert.Equal(["stay@example.invalid"], after.Messages.Keys);
    }

    [Fact]
    public async Task ApplyAsync_MessageChangedByAnotherClientSinceTheRead_ReturnsConflictAndKeepsTheirTags()
    {
        await _db.InsertAsync(TestMail.Create("x@example.invalid"), "pw-new");
        await _db.InsertAsync(TestMail.Create("y@example.invalid"), "pw-new");
        await using var store = CreateStore();
        await store.ReadAsync(null);

        await _db.TagAsync("id:x@example.invalid", "-pw-new", "+pw-rejected");
        var result = await store.ApplyAsync([Change("x@example.invalid", ["pw-accepted"], ["pw-new"]), Change("y@example.invalid", ["pw-accepted"], ["pw-new"])]);

        Assert.Equal(["x@example.invalid"], result.Conflicts);
        Assert.Equal(["y@example.invalid"], result.Applied);
        var snapshot = await store.ReadAsync(null);
        Assert.Equal(["pw-rejected"], snapshot.Messages["x@example.invalid"].Tags);
        Assert.Equal(["pw-accepted"], snapshot.Messages["y@example.invalid"].Tags);
    }

    [Fact]
    public async Task ApplyAsync_TwiceAfterOneRead_SecondIsNotAConflictAndUnknownIdsAreNotFound()
    {
        await _db.InsertAsync(TestMail.Create("t@example.invalid"));
        await using var store = CreateStore();
        await store.ReadAsync(null);

        await store.ApplyAsync([Change("t@example.invalid", ["pw-new"], [])]);
        var second = await store.ApplyAsync([Change("t@example.invalid", ["pw-accepted"], ["pw-new"]), Change("missing@example.invalid", ["pw-new"], [])]);

        Assert.Equal(["t@example.invalid"], second.Applied);
        Assert.Equal(["missing@example.invalid"], second.NotFound);
    }

    [Fact]
    public async Task ApplyAsync_AfterDeltaReadThatDidNotListTheMessage_LooksItUpAndWrites()
    {
        await _db.InsertAsync(TestMail.Create("d@example.invalid"), "pw-new");
        MailCheckpoint checkpoint;
        await using (var first = CreateStore())
        {
            checkpoint = (await first.ReadAsync(null)).Checkpoint;
        }

        await using var store = CreateStore();
        var delta = await store.ReadAsync(checkpoint);
        var before = store.Timings.Counter("notmuch.processes");

        var result = await store.ApplyAsync([Change("d@example.invalid", ["pw-accepted"], ["pw-new"]), Change("gone@example.invalid", ["pw-new"], [])]);

        Assert.Empty(delta.Messages);
        Assert.Equal(["d@example.invalid"], result.Applied);
        Assert.Equal(["gone@example.invalid"], result.NotFound);
        Assert.Empty(result.Conflicts);
        // lookup of the ids the delta did not list, changed-since dump, tag --batch, count, own-writes dump.
        Assert.Equal(5, store.Timings.Counter("notmuch.processes") - before);
        Assert.NotNull(result.Checkpoint);
        Assert.Empty((await store.ReadAsync(result.Checkpoint)).Messages);
        Assert.Equal(["pw-accepted"], (await store.ReadAsync(null)).Messages["d@example.invalid"].Tags);
    }

    [Fact]
    public async Task ApplyAsync_LongMessageIdsBeyondOneArgumentLimit_SplitsQueries()
    {
        // notmuch keeps ids up to about 200 bytes as they are (longer ones become notmuch-sha1-... terms).
        var ids = Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 150) + "@example.invalid").ToList();
        foreach (var id in ids)
        {
            await _db.InsertAsync(TestMail.Create(id));
        }

        // 1000 names of ~175 bytes would be one 175 KB query argument: more than Linux allows (128 KiB).
        var missing = Enumerable.Range(0, 997).Select(i => new string('z', 150) + i + "@example.invalid");
        var changes = ids.Concat(missing).Select(id => Change(id, ["pw-new"], [])).ToList();
        await using var store = CreateStore();
        await store.ReadAsync(null);

        var result = await store.ApplyAsync(changes);

        Assert.Equal(ids, result.Applied);
        Assert.Equal(997, result.NotFound.Count);
    }

    [Fact]
    public async Task ReadAsync_ConfigMissing_ThrowsOneLineErrorNamingTheStore()
    {
        await using var store = new NotmuchMailStore(new NotmuchStoreOptions { ConfigPath = Path.Combine(_db.MailPath, "no-such-config") });

        var error = await Assert.ThrowsAsync<MailStoreException>(() => store.ReadAsync(null));

        Assert.StartsWith("notmuch://", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ApplyAsync_BeforeAnyRead_Throws()
    {
        await using var store = CreateStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ApplyAsync([Change("a@b", ["pw-new"], [])]));
    }

    private NotmuchMailStore CreateStore() => new(new NotmuchStoreOptions { ConfigPath = _db.ConfigPath });

    private static TagChange Change(string id, string[] add, string[] remove) =>
        new(id, add.ToHashSet(StringComparer.Ordinal), remove.ToHashSet(StringComparer.Ordinal));
}

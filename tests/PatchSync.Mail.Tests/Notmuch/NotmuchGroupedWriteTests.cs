using PatchSync.Core.Ports;
using PatchSync.Mail.Notmuch;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Notmuch;

/// <summary>
/// The grouped <c>notmuch tag --batch</c> (messages with the same tag operations OR-ed on one line) against a
/// real notmuch database: the same tags as one line per message, messages already carrying their change left
/// out, a run resumed after one killed half-way, and Message-IDs with two files or named twice.
/// </summary>
[Collection("notmuch")]
public sealed class NotmuchGroupedWriteTests : IAsyncLifetime
{
    private NotmuchDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await NotmuchDatabase.CreateAsync();
        var number = 0;
        foreach (var id in new[] { "a", "b", "c", "d", "e", "f", "q\"uote" })
        {
            await _db.WriteFileAsync(TestMail.Create($"{id}@example.invalid", number: ++number));
        }

        await _db.IndexNewAsync();
        await _db.TagAsync("*", "+inbox");
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ApplyAsync_ManyMessagesFewTagOperations_OneLinePerOperationAndLineSizeAndEveryMessageTagged()
    {
        await _db.TagAsync("id:e@example.invalid or id:f@example.invalid", "+pw-new");
        await using var store = CreateStore(tagLineIds: 2);
        await store.ReadAsync(null);

        var result = await store.ApplyAsync(
        [
            Change("a", ["pw-new"], []), Change("b", ["pw-new"], []), Change("c", ["pw-new"], []),
            Change("q\"uote", ["pw-new"], []), Change("d", ["pw-new"], []),
            Change("e", ["pw-accepted", "pw-archived"], ["pw-new"]), Change("f", ["pw-accepted", "pw-archived"], ["pw-new"]),
        ]);

        Assert.Equal(7, result.Applied.Count);
        Assert.NotNull(result.Checkpoint);
        // 5 x "+pw-new" at 2 ids a line, 1 line for e and f: 4 lines instead of 7.
        Assert.Equal(4, store.Timings.Counter("notmuch.lines"));
        Assert.Equal(0, store.Timings.Counter("notmuch.unchanged"));
        var tags = await TagsAsync();
        foreach (var id in new[] { "a", "b", "c", "d", "q\"uote" })
        {
            Assert.Equal("inbox pw-new", tags[$"{id}@example.invalid"]);
        }

        Assert.Equal("inbox pw-accepted pw-archived", tags["e@example.invalid"]);
        Assert.Equal("inbox pw-accepted pw-archived", tags["f@example.invalid"]);
        Assert.Empty((await store.ReadAsync(result.Checkpoint)).Messages);
    }

    [Fact]
    public async Task ApplyAsync_MessageAlreadyCarriesTheChange_WritesNoLineForItAndDoesNotTouchIt()
    {
        await _db.TagAsync("id:a@example.invalid", "+pw-new");
        await using var store = CreateStore();
        await store.ReadAsync(null);
        var before = await RevisionAsync();

        var result = await store.ApplyAsync([Change("a", ["pw-new"], ["pw-rfc"]), Change("b", ["pw-new"], [])]);

        Assert.Equal(["a@example.invalid", "b@example.invalid"], result.Applied.Order(StringComparer.Ordinal));
        Assert.Equal(1, store.Timings.Counter("notmuch.unchanged"));
        Assert.Equal(1, store.Timings.Counter("notmuch.lines"));
        Assert.Equal(["b@example.invalid"], await ChangedSinceAsync(before));
        Assert.NotNull(result.Checkpoint);
    }

    [Fact]
    public async Task ApplyAsync_EveryMessageAlreadyCarriesItsChange_RunsNoTagProcess()
    {
        await _db.TagAsync("id:a@example.invalid or id:b@example.invalid", "+pw-new");
        await using var store = CreateStore();
        var read = await store.ReadAsync(null);
        var processes = store.Timings.Counter("notmuch.processes");

        var result = await store.ApplyAsync([Change("a", ["pw-new"], []), Change("b", ["pw-new"], ["pw-rfc"])]);

        Assert.Equal(2, result.Applied.Count);
        Assert.Equal(0, store.Timings.Counter("notmuch.lines"));
        // changed-since dump, count, own-writes dump: no tag --batch.
        Assert.Equal(3, store.Timings.Counter("notmuch.processes") - processes);
        Assert.Equal(read.Checkpoint, result.Checkpoint);
    }

    [Fact]
    public async Task ApplyAsync_RunAfterOneKilledHalfWay_WritesOnlyWhatIsMissingAndEndsWithEveryTag()
    {
        // The killed run read, then notmuch tagged part of its batch before the pipe closed; nothing was
        // recorded, so the next run starts from the old checkpoint and sends the same changes again.
        MailCheckpoint beforeKilledRun;
        await using (var killed = CreateStore())
        {
            beforeKilledRun = (await killed.ReadAsync(null)).Checkpoint;
        }

        await _db.NotmuchAsync("tag", "+pw-accepted", "--", "id:a@example.invalid or id:b@example.invalid or id:c@example.invalid");
        await using var store = CreateStore();
        var delta = await store.ReadAsync(beforeKilledRun);
        var before = await RevisionAsync();

        var result = await store.ApplyAsync(new[] { "a", "b", "c", "d", "e", "f" }.Select(id => Change(id, ["pw-accepted"], [])).ToList());

        Assert.Equal(["a@example.invalid", "b@example.invalid", "c@example.invalid"], delta.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(6, result.Applied.Count);
        Assert.Empty(result.Conflicts);
        Assert.Equal(3, store.Timings.Counter("notmuch.unchanged"));
        Assert.Equal(["d@example.invalid", "e@example.invalid", "f@example.invalid"], await ChangedSinceAsync(before));
        Assert.NotNull(result.Checkpoint);
        var tags = await TagsAsync();
        Assert.All(new[] { "a", "b", "c", "d", "e", "f" }, id => Assert.Equal("inbox pw-accepted", tags[$"{id}@example.invalid"]));
    }

    [Fact]
    public async Task ApplyAsync_MessageIdWithTwoFilesAndOneNamedTwice_TaggedOnceLikeTheOthers()
    {
        // notmuch keeps one message (one tag set) for a Message-ID whatever its number of files.
        await _db.WriteFileAsync(TestMail.Create("a@example.invalid", number: 99));
        await _db.IndexNewAsync();
        Assert.Equal(2, (await _db.NotmuchAsync("search", "--output=files", "id:a@example.invalid")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        await using var store = CreateStore(tagLineIds: 2);
        var read = await store.ReadAsync(null);
        var before = await RevisionAsync();

        var result = await store.ApplyAsync(
            [Change("a", ["pw-new"], []), Change("b", ["pw-new"], []), Change("a", ["pw-archived"], []), Change("c", ["pw-new"], [])]);

        Assert.Equal(7, read.Messages.Count);
        Assert.Equal(["a@example.invalid", "b@example.invalid", "c@example.invalid"], result.Applied.Order(StringComparer.Ordinal));
        Assert.NotNull(result.Checkpoint);
        var tags = await TagsAsync();
        Assert.Equal("inbox pw-archived pw-new", tags["a@example.invalid"]);
        Assert.Equal("inbox pw-new", tags["b@example.invalid"]);
        Assert.Equal("inbox pw-new", tags["c@example.invalid"]);
        Assert.Equal(["a@example.invalid", "b@example.invalid", "c@example.invalid"], await ChangedSinceAsync(before));
    }

    private NotmuchMailStore CreateStore(int tagLineIds = 1000) =>
        new(new NotmuchStoreOptions { ConfigPath = _db.ConfigPath, TagLineIds = tagLineIds });

    private static TagChange Change(string id, string[] add, string[] remove) =>
        new($"{id}@example.invalid", add.ToHashSet(StringComparer.Ordinal), remove.ToHashSet(StringComparer.Ordinal));

    /// <summary>Every message's tags, space-separated and sorted, from notmuch itself (not through the store).</summary>
    private async Task<Dictionary<string, string>> TagsAsync()
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (await _db.NotmuchAsync("dump", "--format=batch-tag", "--include=tags", "--", "*")).Split('\n'))
        {
            if (NotmuchBatchFormat.TryParseLine(line, out var id, out var list))
            {
                tags[id] = string.Join(' ', list.Order(StringComparer.Ordinal));
            }
        }

        return tags;
    }

    private async Task<ulong> RevisionAsync() =>
        ulong.Parse((await _db.NotmuchAsync("count", "--lastmod", "*")).Trim().Split('\t')[2], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Message-IDs notmuch modified after <paramref name="revision"/>, sorted.</summary>
    private async Task<List<string>> ChangedSinceAsync(ulong revision) =>
        (await _db.NotmuchAsync("search", "--output=messages", "--format=text0", $"lastmod:{revision + 1}.."))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => id.StartsWith("id:", StringComparison.Ordinal) ? id[3..] : id)
            .Order(StringComparer.Ordinal)
            .ToList();
}

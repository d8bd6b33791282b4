using PatchSync.Core.Ports;
using PatchSync.Mail.Notmuch;
using PatchSync.Testing.MailStores;

namespace PatchSync.Mail.Tests.Watching;

/// <summary><see cref="NotmuchMailStore.WatchAsync"/>: lastmod polling against a real notmuch database.</summary>
[Collection("notmuch")]
public sealed class NotmuchWatchTests : IAsyncLifetime
{
    private NotmuchDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await NotmuchDatabase.CreateAsync();
        await _db.InsertAsync(TestMail.Create("one@example.invalid"));
        await _db.InsertAsync(TestMail.Create("two@example.invalid"));
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task WatchAsync_TagByAnotherClient_SignalsOnceWithTheNewRevision()
    {
        await using var store = Store();
        await using var watch = new WatchRecorder(store);
        var connected = await watch.NextAsync(_ => true);

        await _db.TagAsync("id:one@example.invalid", "+pw-accepted");

        var change = await watch.NextAsync(_ => true);
        Assert.Equal("lastmod", change.Reason);
        Assert.Equal(connected.Generation, change.Generation);
        Assert.True(change.Position > connected.Position);
        Assert.Empty(await watch.CollectAsync(TimeSpan.FromSeconds(1))); // nothing moved since: no repeat
    }

    [Fact]
    public async Task WatchAsync_NothingChanges_RunsNoNotmuchProcessAfterTheFirstCount()
    {
        await using var store = Store();
        await using var watch = new WatchRecorder(store);
        await watch.NextAsync(_ => true);
        var processes = store.Timings.Counter("notmuch.processes");

        Assert.Empty(await watch.CollectAsync(TimeSpan.FromSeconds(2)));

        // Only Xapian's revision file is looked at while nothing is committed.
        Assert.Equal(processes, store.Timings.Counter("notmuch.processes"));
    }

    [Fact]
    public async Task CoverageOf_CheckpointPastOwnWrites_CoversThemButNotALaterTag()
    {
        await using var store = Store();
        await using var watch = new WatchRecorder(store);
        await watch.NextAsync(_ => true);
        await store.ReadAsync(null);

        var applied = await store.ApplyAsync([new TagChange("one@example.invalid", new HashSet<string> { "pw-new" }, new HashSet<string>())]);
        var own = await watch.NextAsync(_ => true);
        Assert.True(store.CoverageOf(applied.Checkpoint).Covers(own));

        await _db.TagAsync("id:two@example.invalid", "+pw-accepted");
        var theirs = await watch.NextAsync(_ => true);
        Assert.False(store.CoverageOf(applied.Checkpoint).Covers(theirs));
        Assert.False(MailCoverage.None.Covers(theirs));
    }

    private NotmuchMailStore Store() => new(new NotmuchStoreOptions { ConfigPath = _db.ConfigPath });
}

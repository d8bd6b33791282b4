using PatchSync.Core.Ports;
using PatchSync.Mail.Tests.Imap;
using PatchSync.Testing.MailStores;

namespace PatchSync.Mail.Tests.Watching;

/// <summary><see cref="PatchSync.Mail.Imap.ImapMailStore.WatchAsync"/> against a real Dovecot: IDLE pushes, polling, coverage, reconnects.</summary>
public sealed class ImapWatchTests : IAsyncLifetime
{
    private DovecotServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await DovecotServer.StartAsync();
        await _server.SaveAsync("INBOX", TestMail.Create("one@example.invalid"));
        await _server.SaveAsync("INBOX", TestMail.Create("two@example.invalid"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WatchAsync_KeywordEditByAnotherClient_SignalsFetchWithModSeq()
    {
        await using var store = ImapTestStore.Create(_server);
        await using var watch = new WatchRecorder(store);
        var connected = await watch.NextAsync(c => c.Reason.Contains("connected", StringComparison.Ordinal));

        await _server.FlagsAsync("add", "INBOX", "uid 1", "pw-accepted");

        var change = await watch.NextAsync(c => c.Reason.Contains("FETCH", StringComparison.Ordinal));
        Assert.Equal("INBOX", change.Folder);
        Assert.Equal(connected.Generation, change.Generation);
        Assert.True(change.Position > connected.Position, $"{change.Position} > {connected.Position}");
    }

    [Fact]
    public async Task WatchAsync_NewMailAndExpunge_SignalUnpositionedChanges()
    {
        await using var store = ImapTestStore.Create(_server);
        await using var watch = new WatchRecorder(store);
        await watch.NextAsync(c => c.Reason.Contains("connected", StringComparison.Ordinal));

        await _server.SaveAsync("INBOX", TestMail.Create("three@example.invalid"));
        var arrived = await watch.NextAsync(c => c.Reason.Contains("EXISTS", StringComparison.Ordinal));
        await _server.ExpungeAsync("INBOX", "uid 1");
        var expunged = await watch.NextAsync(c => c.Reason.Contains("EXPUNGE", StringComparison.Ordinal) || c.Reason.Contains("VANISHED", StringComparison.Ordinal));

        Assert.Null(arrived.Position);
        Assert.Null(expunged.Position);
        Assert.False(store.CoverageOf(null).Covers(arrived));
    }

    [Fact]
    public async Task CoverageOf_CheckpointPastOwnWrites_CoversTheirPushesButNotALaterEdit()
    {
        await using var store = ImapTestStore.Create(_server);
        await using var watch = new WatchRecorder(store);
        await watch.NextAsync(c => c.Reason.Contains("connected", StringComparison.Ordinal));
        await store.ReadAsync(null);

        // pwsync's own retag: the watcher hears it, and the checkpoint the apply vouches for covers it.
        var applied = await store.ApplyAsync([new TagChange("one@example.invalid", new HashSet<string> { "pw-new" }, new HashSet<string>())]);
        var own = await watch.NextAsync(c => c.Reason.Contains("FETCH", StringComparison.Ordinal));
        Assert.NotNull(applied.Checkpoint);
        var coverage = store.CoverageOf(applied.Checkpoint);
        Assert.True(coverage.Covers(own));

        // A maintainer's edit after it is not covered.
        await _server.FlagsAsync("add", "INBOX", "uid 2", "pw-accepted");
        var theirs = await watch.NextAsync(c => c.Reason.Contains("FETCH", StringComparison.Ordinal));
        Assert.False(coverage.Covers(theirs));
    }

    [Fact]
    public async Task WatchAsync_ServerWithoutIdle_PollsWithNoop()
    {
        await using var store = ImapTestStore.Create(_server, o => o.IgnoreIdle = true);
        await using var watch = new WatchRecorder(store, new MailWatchOptions { ImapPollInterval = TimeSpan.FromMilliseconds(300) });
        await watch.NextAsync(c => c.Reason.Contains("connected", StringComparison.Ordinal));

        await _server.FlagsAsync("add", "INBOX", "uid 2", "pw-rejected");

        var change = await watch.NextAsync(c => c.Reason.Contains("FETCH", StringComparison.Ordinal));
        Assert.NotNull(change.Position);
    }

    [Fact]
    public async Task WatchAsync_ServerKilledAndRestarted_ReconnectsAndKeepsSignalling()
    {
        await using var store = ImapTestStore.Create(_server);
        await using var watch = new WatchRecorder(store);
        await watch.NextAsync(c => c.Reason.Contains("connected", StringComparison.Ordinal));

        _server.Kill();
        await Task.Delay(1500); // a few failed reconnects, with backoff
        await _server.RestartAsync();
        await watch.NextAsync(c => c.Reason.Contains("connected", StringComparison.Ordinal), timeoutSeconds: 60);
        await _server.FlagsAsync("add", "INBOX", "uid 1", "pw-accepted");

        await watch.NextAsync(c => c.Reason.Contains("FETCH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchAsync_Cancelled_StopsPromptlyFromIdle()
    {
        await using var store = ImapTestStore.Create(_server);
        var watch = new WatchRecorder(store);
        await watch.NextAsync(c => c.Reason.Contains("connected", StringComparison.Ordinal));

        var took = await watch.StopAsync();
        await watch.DisposeAsync();

        Assert.True(took < TimeSpan.FromSeconds(5), $"stopping took {took}");
    }
}

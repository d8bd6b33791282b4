using Microsoft.Extensions.Time.Testing;
using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Testing;

namespace PatchSync.State.Tests;

public class OutboxTests
{
    private const string Tracker = "https://patchwork.example.org";
    private static readonly PatchSnapshot New = new("new", false);
    private static readonly PatchSnapshot Accepted = new("accepted", false);

    [Fact]
    public async Task EnqueuePush_SurvivesReopen_WithItsFields()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        long id;
        await using (var store = await StateStore.OpenAsync(path, time))
        {
            await using var tx = await store.BeginAsync();
            id = tx.EnqueuePush(Tracker, "linux", new PushToTracker(9, "a@x", New, new PatchSnapshot("accepted", true)));
            tx.EnqueuePush("https://other.example.org", "linux", new PushToTracker(9, "a@x", New, Accepted));
            await tx.CommitAsync();
        }

        await using (var store = await StateStore.OpenAsync(path))
        {
            var entry = Assert.Single(await store.LoadOutboxAsync(Tracker));
            Assert.Equal(id, entry.Id);
            Assert.Equal((Tracker, "linux", 9L, "a@x"), (entry.Tracker, entry.Project, entry.PatchId, entry.MessageId));
            Assert.Equal(New, entry.Expected);
            Assert.Equal(new PatchSnapshot("accepted", true), entry.Desired);
            Assert.Equal(time.GetUtcNow(), entry.Created);
            Assert.Equal(0, entry.Attempts);
            Assert.Null(entry.LastError);
            Assert.Equal(2, (await store.LoadOutboxAsync()).Count);
        }
    }

    [Fact]
    public async Task FailPush_CountsAttempts_CompletePush_Removes()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        long id;
        await using (var tx = await store.BeginAsync())
        {
            id = tx.EnqueuePush(Tracker, "linux", new PushToTracker(9, "a@x", New, Accepted));
            await tx.CommitAsync();
        }

        await using (var tx = await store.BeginAsync())
        {
            tx.FailPush(id, "HTTP 502 from tracker");
            tx.FailPush(id, "timed out after 30 s");
            await tx.CommitAsync();
        }

        var entry = Assert.Single(await store.LoadOutboxAsync(Tracker));
        Assert.Equal(2, entry.Attempts);
        Assert.Equal("timed out after 30 s", entry.LastError);
        Assert.Equal(1, (await store.GetStatusAsync()).OutboxSize);

        await using (var tx = await store.BeginAsync())
        {
            tx.CompletePush(id);
            await tx.CommitAsync();
        }

        Assert.Empty(await store.LoadOutboxAsync(Tracker));
    }

    [Fact]
    public async Task EnqueuePush_SamePatchAgain_ReplacesTheOlderPush()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            var first = tx.EnqueuePush(Tracker, "linux", new PushToTracker(9, "a@x", New, Accepted));
            tx.FailPush(first, "HTTP 502");
            tx.EnqueuePush(Tracker, "linux", new PushToTracker(9, "a@x", Accepted, new PatchSnapshot("rejected", false)));
            await tx.CommitAsync();
        }

        var entry = Assert.Single(await store.LoadOutboxAsync(Tracker));
        Assert.Equal(Accepted, entry.Expected);
        Assert.Equal("rejected", entry.Desired.State);
        Assert.Equal(0, entry.Attempts);
    }

    [Fact]
    public async Task EnqueuePush_SamePushAgain_KeepsItsAttemptsAndStatusShowsThem()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            var first = tx.EnqueuePush(Tracker, "linux", new PushToTracker(9, "a@x", New, Accepted));
            tx.FailPush(first, "patch 9: the change was not applied");
            var again = tx.EnqueuePush(Tracker, "linux", new PushToTracker(9, "a@x", New, Accepted));
            tx.FailPush(again, "patch 9: the change was not applied");
            await tx.CommitAsync();
        }

        var entry = Assert.Single(await store.LoadOutboxAsync(Tracker));
        Assert.Equal(2, entry.Attempts);
        var failing = Assert.Single((await store.GetStatusAsync()).FailingPushes);
        Assert.Equal((9L, 2, "patch 9: the change was not applied"), (failing.PatchId, failing.Attempts, failing.LastError));
    }
}

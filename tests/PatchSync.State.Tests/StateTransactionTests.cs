using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.State.Model;
using PatchSync.Testing;

namespace PatchSync.State.Tests;

public class StateTransactionTests
{
    private const string Tracker = "https://patchwork.example.org";

    [Fact]
    public async Task UpsertPatch_RoundTrips_PerTrackerAndProject()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(1, "a@x", new PatchSnapshot("new", false), new PatchSnapshot("new", false)));
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(2, "b@x", new PatchSnapshot("accepted", true), new PatchSnapshot("accepted", true)));
            tx.UpsertPatch(Tracker, "git", new PatchRecord(1, "c@x", new PatchSnapshot("rejected", false), new PatchSnapshot("rejected", false)));
            tx.UpsertPatch("https://other.example.org", "linux", new PatchRecord(1, "d@x", new PatchSnapshot("new", false), new PatchSnapshot("new", false)));
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(1, "a@x", new PatchSnapshot("under-review", false), new PatchSnapshot("accepted", true)));
            await tx.CommitAsync();
        }

        var linux = await store.LoadPatchesAsync(Tracker, "linux");
        Assert.Equal(2, linux.Count);
        Assert.Equal(new PatchRecord(1, "a@x", new PatchSnapshot("under-review", false), new PatchSnapshot("accepted", true)), linux[1]);
        Assert.Equal(new PatchRecord(2, "b@x", new PatchSnapshot("accepted", true), new PatchSnapshot("accepted", true)), linux[2]);
        Assert.Equal("c@x", (await store.LoadPatchesAsync(Tracker, "git"))[1].MessageId);
        Assert.Empty(await store.LoadPatchesAsync(Tracker, "none"));
    }

    [Fact]
    public async Task UpsertMessageTags_RoundTrips_PerStore()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            tx.UpsertMessageTags("imap://maint@127.0.0.1", "a@x", Tags("pw-new", "pw-archived", "pw-delegate-alice"), "INBOX:17");
            tx.UpsertMessageTags("imap://maint@127.0.0.1", "b@x", Tags());
            tx.UpsertMessageTags("notmuch:/home/m/mail", "a@x", Tags("pw-accepted"));
            tx.UpsertMessageTags("imap://maint@127.0.0.1", "c@x", Tags("pw-new"));
            tx.DeleteMessage("imap://maint@127.0.0.1", "c@x");
            await tx.CommitAsync();
        }

        var imap = await store.LoadMessageTagsAsync("imap://maint@127.0.0.1");
        Assert.Equal(2, imap.Count);
        Assert.True(imap["a@x"].SetEquals(["pw-new", "pw-archived", "pw-delegate-alice"]));
        Assert.Empty(imap["b@x"]);
        Assert.True((await store.LoadMessageTagsAsync("notmuch:/home/m/mail"))["a@x"].SetEquals(["pw-accepted"]));
    }

    [Fact]
    public async Task UpsertMessageTags_TagWithNewline_IsRefused()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using var tx = await store.BeginAsync();
        Assert.Throws<ArgumentException>(() => tx.UpsertMessageTags("s", "a@x", Tags("pw-new\npw-accepted")));
    }

    [Fact]
    public async Task SetCheckpoint_IsKeptPerScopeAndKey()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        var key = CheckpointScopes.ProjectKey(Tracker, "linux");
        await using (var tx = await store.BeginAsync())
        {
            tx.SetCheckpoint("events", key, "1000");
            tx.SetCheckpoint("full-check", key, "2025-06-01T00:00:00Z");
            tx.SetCheckpoint("mail", "imap://m@h", """{"kind":"imap","value":"{}"}""");
            tx.SetCheckpoint("events", key, "1042");
            await tx.CommitAsync();
        }

        Assert.Equal("1042", await store.GetCheckpointAsync("events", key));
        Assert.Equal("2025-06-01T00:00:00Z", await store.GetCheckpointAsync("full-check", key));
        Assert.Null(await store.GetCheckpointAsync("mail", key));
        Assert.Equal([key], (await store.GetCheckpointsAsync("events")).Keys);
    }

    [Fact]
    public async Task LogConflict_RoundTrips_NewestFirst()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        var first = new ConflictDecided(5, "e@x", null, new PatchSnapshot("new", false), new PatchSnapshot("accepted", true), ConflictRule.Tracker, "first sync: the tracker's value wins");
        var second = new ConflictDecided(6, "f@x", new PatchSnapshot("new", true), new PatchSnapshot("accepted", true), new PatchSnapshot("rejected", false), ConflictRule.Mail, "both changed");
        await using (var tx = await store.BeginAsync())
        {
            tx.LogConflict(Tracker, "linux", first);
            tx.LogConflict(Tracker, "git", second);
            await tx.CommitAsync();
        }

        var log = await store.LoadConflictsAsync();
        Assert.Equal(2, log.Count);
        Assert.Equal(
            (6L, "f@x", "git", (PatchSnapshot?)new PatchSnapshot("new", true), new PatchSnapshot("accepted", true), new PatchSnapshot("rejected", false), ConflictRule.Mail, "both changed"),
            (log[0].PatchId, log[0].MessageId, log[0].Project, log[0].Base, log[0].TrackerValue, log[0].MailValue, log[0].Winner, log[0].Reason));
        Assert.Null(log[1].Base);
        Assert.Equal(ConflictRule.Tracker, log[1].Winner);
        Assert.Equal(Tracker, log[1].Tracker);
        Assert.Single(await store.LoadConflictsAsync(limit: 1));
    }

    [Fact]
    public async Task DisposeWithoutCommit_RollsEveryWriteBack()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(1, "a@x", new PatchSnapshot("new", false), new PatchSnapshot("new", false)));
            tx.UpsertMessageTags("s", "a@x", Tags("pw-new"));
            tx.SetCheckpoint("events", "k", "1");
            tx.EnqueuePush(Tracker, "linux", new PushToTracker(1, "a@x", new PatchSnapshot("new", false), new PatchSnapshot("accepted", false)));
            tx.LogConflict(Tracker, "linux", new ConflictDecided(1, "a@x", null, new PatchSnapshot("new", false), new PatchSnapshot("accepted", false), ConflictRule.Tracker, "r"));

            // Uncommitted writes are visible to this store's own reads while the transaction is open.
            Assert.Single(await store.LoadPatchesAsync(Tracker, "linux"));
        }

        Assert.Empty(await store.LoadPatchesAsync(Tracker, "linux"));
        Assert.Empty(await store.LoadMessageTagsAsync("s"));
        Assert.Null(await store.GetCheckpointAsync("events", "k"));
        Assert.Empty(await store.LoadOutboxAsync(Tracker));
        Assert.Empty(await store.LoadConflictsAsync());
    }

    [Fact]
    public async Task KilledMidTransaction_FilesAsLeftHoldOnlyCommittedWrites()
    {
        // A kill (or power cut) at this instant leaves the database and WAL files exactly as they are on
        // disk now: copy them and open the copy, as the next run would.
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        await using var store = await StateStore.OpenAsync(path);
        await using (var tx = await store.BeginAsync())
        {
            tx.UpsertPatch(Tracker, "linux", new PatchRecord(1, "a@x", new PatchSnapshot("new", false), new PatchSnapshot("new", false)));
            await tx.CommitAsync();
        }

        var copy = temp.File("copy.db");
        await using (var tx = await store.BeginAsync())
        {
            // Enough writes to spill pages out of SQLite's cache into the WAL before the commit.
            for (var i = 2; i < 50_000; i++)
            {
                tx.UpsertPatch(Tracker, "linux", new PatchRecord(i, $"m{i}@x", new PatchSnapshot("accepted", false), new PatchSnapshot("accepted", false)));
            }

            tx.UpsertPatch(Tracker, "linux", new PatchRecord(1, "a@x", new PatchSnapshot("accepted", true), new PatchSnapshot("accepted", true)));
            foreach (var suffix in new[] { "", "-wal" })
            {
                if (File.Exists(path + suffix))
                {
                    File.Copy(path + suffix, copy + suffix);
                }
            }
        }

        await using var after = await StateStore.OpenAsync(copy);
        var patches = await after.LoadPatchesAsync(Tracker, "linux");
        Assert.Equal([1L], patches.Keys);
        Assert.Equal(new PatchSnapshot("new", false), patches[1].Base);
    }

    [Fact]
    public async Task BeginAsync_WhileOneIsOpen_IsRefused()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using var tx = await store.BeginAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BeginAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BeginRunAsync());
    }

    [Fact]
    public async Task CommitAsync_Twice_IsRefused()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        var tx = await store.BeginAsync();
        await tx.CommitAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => tx.CommitAsync());
        Assert.Throws<ObjectDisposedException>(() => tx.SetCheckpoint("a", "b", "c"));
        await tx.DisposeAsync();

        // The store is usable again.
        await using var next = await store.BeginAsync();
    }

    [Fact]
    public async Task UpsertPatch_HundredThousandInOneTransaction_AllStored()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            for (var i = 1; i <= 100_000; i++)
            {
                tx.UpsertPatch(Tracker, "linux", new PatchRecord(i, $"m{i}@x", new PatchSnapshot(i % 3 == 0 ? "accepted" : "new", i % 10 == 0), new PatchSnapshot(i % 3 == 0 ? "accepted" : "new", i % 10 == 0)));
            }

            await tx.CommitAsync();
        }

        var status = await store.GetStatusAsync();
        var project = Assert.Single(status.Projects);
        Assert.Equal(100_000, project.Total);
        Assert.Equal(33_333, project.PerState["accepted"]);
        Assert.Equal(10_000, project.Archived);
    }

    internal static HashSet<string> Tags(params string[] tags) => new(tags, StringComparer.Ordinal);
}

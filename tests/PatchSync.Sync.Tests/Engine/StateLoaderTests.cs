namespace PatchSync.Sync.Tests.Engine;

/// <summary>
/// Loading from the state store: a full load takes everything once, an incremental run looks each patch and
/// message up at most once, and tags the mail read gave are never replaced by older stored ones.
/// </summary>
public class StateLoaderTests
{
    private static readonly PatchSnapshot New = new("new", false);
    private static readonly PatchSnapshot Accepted = new("accepted", false);

    [Fact]
    public async Task LoadAllAsync_LoadsEveryRecordOnce_AndKeepsTagsTheMailReadGave()
    {
        using var harness = new SyncHarness();
        await SeedAsync(harness, 3);
        await using var loader = await LoaderAsync(harness);
        loader.Run.Memory.Messages["m1@x"] = Tags("pw-accepted");
        loader.Loader.MarkRead(["m1@x"]);

        await loader.Loader.LoadAllAsync();
        await loader.Loader.LoadAllAsync();

        Assert.Equal(1, loader.Store.FullLoads);
        Assert.Equal([1L, 2L, 3L], loader.Run.Memory.Patches.Keys.Order());
        Assert.Equal(["pw-accepted"], loader.Run.Memory.Messages["m1@x"]);
        Assert.Equal(["pw-new"], loader.Run.Memory.Messages["m2@x"]);
    }

    [Fact]
    public async Task EnsurePatchesAsync_LooksEachPatchUpOnce_FoundOrNot()
    {
        using var harness = new SyncHarness();
        await SeedAsync(harness, 3);
        await using var loader = await LoaderAsync(harness);

        await loader.Loader.EnsurePatchesAsync([1, 2, 99]);
        await loader.Loader.EnsurePatchesAsync([1, 2, 99]);

        Assert.Equal(1, loader.Store.PatchLookups);
        Assert.Equal(2, loader.Store.PatchesLoaded);
        Assert.Equal([1L, 2L], loader.Run.Memory.Patches.Keys.Order());
        Assert.Equal(0, loader.Store.FullLoads);
    }

    [Fact]
    public async Task EnsureLoadedAsync_LoadsAChunksPatchesAndTheirMailsTags_NotTheRest()
    {
        using var harness = new SyncHarness();
        await SeedAsync(harness, 4);
        await using var loader = await LoaderAsync(harness);

        await loader.Loader.EnsureLoadedAsync([2, 3]);

        Assert.Equal([2L, 3L], loader.Run.Memory.Patches.Keys.Order());
        Assert.Equal(["m2@x", "m3@x"], loader.Run.Memory.Messages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, loader.Store.MessagesLoaded);
    }

    [Fact]
    public async Task EnsureLoadedAsync_AMailTheRunRead_KeepsTheReadTags_AndIsNotLookedUp()
    {
        using var harness = new SyncHarness();
        await SeedAsync(harness, 2);
        await using var loader = await LoaderAsync(harness);
        loader.Run.Memory.Messages["m1@x"] = Tags("pw-accepted");
        loader.Loader.MarkRead(["m1@x"]);

        await loader.Loader.EnsureLoadedAsync([1, 2]);

        Assert.Equal(["pw-accepted"], loader.Run.Memory.Messages["m1@x"]);
        Assert.Equal(["pw-new"], loader.Run.Memory.Messages["m2@x"]);
        Assert.Equal(1, loader.Store.MessagesLoaded);
    }

    [Fact]
    public async Task EnsureLoadedAsync_AFreshPatchNotStored_LooksItsMailUpByTheTrackersMessageId()
    {
        using var harness = new SyncHarness();
        await SeedAsync(harness, 1);
        await using var loader = await LoaderAsync(harness);
        // Patch 7 is new on the tracker; its mail's tags were stored by an earlier mail read.
        loader.Run.Memory.Remember(new TrackerPatch(7, "m1@x", Accepted, SyncHarness.Epoch, null, null, null));

        await loader.Loader.EnsureLoadedAsync([7]);

        Assert.Equal(["pw-new"], loader.Run.Memory.Messages["m1@x"]);
    }

    [Fact]
    public async Task EnsurePatchesOfMessagesAsync_LoadsByMessage_AndThosePatchesAreNotLookedUpAgain()
    {
        using var harness = new SyncHarness();
        await SeedAsync(harness, 3);
        await using var loader = await LoaderAsync(harness);

        await loader.Loader.EnsurePatchesOfMessagesAsync(["m2@x", "unknown@x"]);
        await loader.Loader.EnsurePatchesAsync([2]);

        Assert.Equal([2L], loader.Run.Memory.Patches.Keys);
        Assert.Equal(0, loader.Store.PatchLookups);
    }

    [Fact]
    public async Task AfterLoadAllAsync_NothingIsLookedUpAgain()
    {
        using var harness = new SyncHarness();
        await SeedAsync(harness, 2);
        await using var loader = await LoaderAsync(harness);

        await loader.Loader.LoadAllAsync();
        var loaded = (loader.Store.PatchesLoaded, loader.Store.MessagesLoaded);
        await loader.Loader.EnsurePatchesAsync([1, 2, 99]);
        await loader.Loader.EnsureLoadedAsync([1, 2, 99]);
        await loader.Loader.EnsurePatchesOfMessagesAsync(["m1@x"]);

        Assert.Equal(loaded, (loader.Store.PatchesLoaded, loader.Store.MessagesLoaded));
        Assert.Equal(0, loader.Store.PatchLookups);
        Assert.Equal(1, loader.Store.FullLoads);
    }

    private static HashSet<string> Tags(params string[] tags) => new(tags, StringComparer.Ordinal);

    /// <summary>Patches 1..<paramref name="count"/>, synced as new, each with its mail <c>mN@x</c> tagged pw-new.</summary>
    private static async Task SeedAsync(SyncHarness harness, int count)
    {
        await using var store = await StateStore.OpenAsync(harness.StatePath, harness.Time);
        var commit = new StateCommit();
        for (var id = 1; id <= count; id++)
        {
            commit.Patches[id] = new PatchRecord(id, $"m{id}@x", New, New);
            commit.Messages[$"m{id}@x"] = Tags("pw-new");
        }

        await ((IStateStore)store).CommitAsync(harness.Scope, commit, CancellationToken.None);
    }

    private static async Task<LoaderUnderTest> LoaderAsync(SyncHarness harness)
    {
        var inner = await StateStore.OpenAsync(harness.StatePath, harness.Time);
        var store = new CountingStateStore(inner);
        var project = harness.Project();
        var request = new SyncRequest([project]);
        var run = new RunContext(project, request, store, new ProjectReport(project.Name), CancellationToken.None);
        return new LoaderUnderTest(inner, store, run, new StateLoader(run));
    }

    private sealed record LoaderUnderTest(StateStore Inner, CountingStateStore Store, RunContext Run, StateLoader Loader) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Inner.DisposeAsync();
    }
}

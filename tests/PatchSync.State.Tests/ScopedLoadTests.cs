using PatchSync.Core.Model;
using PatchSync.Core.Ports;
using PatchSync.State.Model;
using PatchSync.Testing;

namespace PatchSync.State.Tests;

/// <summary>The lookups an incremental run makes instead of loading every patch and message.</summary>
public sealed class ScopedLoadTests
{
    private const string Tracker = "https://patchwork.example.org";

    [Fact]
    public async Task LoadPatches_ByIdsAndByMessageIds_ReturnOnlyThoseOfTheProject()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            for (var id = 1; id <= 50; id++)
            {
                tx.UpsertPatch(Tracker, "linux", new PatchRecord(id, $"m{id}@x", new PatchSnapshot("new", false), new PatchSnapshot("new", false)));
            }

            tx.UpsertPatch(Tracker, "git", new PatchRecord(7, "g7@x", new PatchSnapshot("accepted", false), new PatchSnapshot("accepted", false)));
            await tx.CommitAsync();
        }

        var byId = await store.LoadPatchesAsync(Tracker, "linux", [3, 7, 49, 1000]);
        var byMessage = await store.LoadPatchesByMessageAsync(Tracker, "linux", ["m7@x", "m12@x", "g7@x", "none@x"]);

        Assert.Equal([3L, 7L, 49L], byId.Keys.Order());
        Assert.Equal("m7@x", byId[7].MessageId);
        Assert.Equal([7L, 12L], byMessage.Keys.Order());
        Assert.Empty(await store.LoadPatchesAsync(Tracker, "linux", []));
    }

    [Fact]
    public async Task LoadMessageTags_ByMessageIds_ReturnsOnlyThoseSeenInTheStore()
    {
        using var temp = new TempDirectory();
        await using var store = await StateStore.OpenAsync(temp.File("state.db"));
        await using (var tx = await store.BeginAsync())
        {
            tx.UpsertMessageTags("mail", "a@x", new HashSet<string> { "pw-new" }, null);
            tx.UpsertMessageTags("mail", "b@x \"quoted\"", new HashSet<string> { "pw-accepted", "pw-archived" }, null);
            tx.UpsertMessageTags("other", "c@x", new HashSet<string> { "pw-new" }, null);
            await tx.CommitAsync();
        }

        var tags = await store.LoadMessageTagsAsync("mail", ["a@x", "b@x \"quoted\"", "c@x", "missing@x"]);

        Assert.Equal(["a@x", "b@x \"quoted\""], tags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["pw-accepted", "pw-archived"], tags["b@x \"quoted\""].Order(StringComparer.Ordinal));
    }
}

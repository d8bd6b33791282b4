using Microsoft.Data.Sqlite;
using PatchSync.Core.Model;
using PatchSync.Core.Ports;
using PatchSync.State.Schema;
using PatchSync.Testing;

namespace PatchSync.State.Tests;

/// <summary>
/// Schema step 3: a state file written before the tracker's value had columns (schema 2, the value in the
/// <c>tracker_marker</c> string) opens, reads as it did, and keeps working.
/// </summary>
public sealed class TrackerColumnsMigrationTests
{
    private static readonly StateScope Scope = new("https://pw.example.org", "widgets", "mail");
    private static readonly PatchSnapshot New = new("new", false);

    [Fact]
    public async Task OpenAsync_Schema2File_ReadsEveryMarkerAsColumns()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        await WriteSchema2FileAsync(path);

        await using var store = await StateStore.OpenAsync(path);
        var state = await ((IStateStore)store).LoadAsync(Scope, default);

        Assert.Equal(new PatchRecord(1, "a@x", New, New), state.Patches[1]);
        Assert.Equal(new PatchRecord(2, "b@x", null, New), state.Patches[2]);
        Assert.Equal(new PatchRecord(3, "c@x", New, new PatchSnapshot("accepted", false)), state.Patches[3]);
        Assert.Equal(new PatchRecord(4, "d@x", new PatchSnapshot("under-review", true), new PatchSnapshot("changes-requested", true)), state.Patches[4]);
        Assert.Equal(new PatchRecord(5, "e@x", null, new PatchSnapshot("accepted", true)), state.Patches[5]);
        Assert.Equal(new PatchRecord(6, "f@x", New, New), state.Patches[6]);
        Assert.Equal([new PendingPush(3, "c@x", new PatchSnapshot("accepted", false), new PatchSnapshot("rejected", false))], state.Outbox);
        Assert.Equal("2026-12-01T00:00:00.0000000Z", state.Checkpoints["events.cursor"]);
        Assert.Equal(["pw-new"], state.Messages["a@x"]);
        Assert.Equal(3L, await ScalarAsync(path, "PRAGMA user_version;"));
        Assert.Equal(0L, await ScalarAsync(path, "SELECT COUNT(*) FROM pragma_table_info('patches') WHERE name = 'tracker_marker';"));
        Assert.Equal(1L, await ScalarAsync(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'patches_message';"));
    }

    [Fact]
    public async Task OpenAsync_Schema2File_KeepsWorkingForCommitsLookupsAndStatus()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        await WriteSchema2FileAsync(path);

        await using (var store = await StateStore.OpenAsync(path))
        {
            IStateStore port = store;
            var header = await port.LoadHeaderAsync(Scope, default);
            var commit = new StateCommit();
            commit.Patches[2] = new PatchRecord(2, "b@x", New, New);
            commit.Patches[7] = new PatchRecord(7, "g@x", null, new PatchSnapshot("rfc", false));
            commit.OutboxRemove.Add(Assert.Single(header.Outbox).PatchId);
            await port.CommitAsync(Scope, commit, default);
        }

        await using var reopened = await StateStore.OpenAsync(path);
        IStateStore reread = reopened;
        var byId = await reread.LoadPatchesAsync(Scope, [2, 4, 7], default);
        Assert.Equal(new PatchRecord(2, "b@x", New, New), byId[2]);
        Assert.Equal(new PatchRecord(7, "g@x", null, new PatchSnapshot("rfc", false)), byId[7]);
        Assert.Equal(new PatchSnapshot("changes-requested", true), byId[4].Tracker);
        var byMessage = await reread.LoadPatchesByMessageAsync(Scope, ["e@x"], default);
        Assert.Null(Assert.Single(byMessage).Value.Base);
        Assert.Empty((await reread.LoadHeaderAsync(Scope, default)).Outbox);

        // Status counts the base, or the tracker's value for a patch never synced, as before the migration.
        var project = Assert.Single((await reopened.GetStatusAsync()).Projects);
        Assert.Equal(
            new Dictionary<string, long> { ["accepted"] = 1, ["new"] = 4, ["rfc"] = 1, ["under-review"] = 1 },
            project.PerState);
        Assert.Equal((2L, 7L), (project.Archived, project.Total));
    }

    /// <summary>A file as pwsync wrote it at schema 2: the base in state/archived, the tracker's value in the marker.</summary>
    private static async Task WriteSchema2FileAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await StateStore.MigrateAsync(connection, path, Migrations.All.Where(m => m.Version <= 2).ToList(), default);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            INSERT INTO patches (tracker, project, patch_id, message_id, state, archived, tracker_marker, synced_at) VALUES
                ('https://pw.example.org', 'widgets', 1, 'a@x', 'new', 0, NULL, '2026-12-01T00:00:00Z'),
                ('https://pw.example.org', 'widgets', 2, 'b@x', 'new', 0, 'unsynced', '2026-12-01T00:00:00Z'),
                ('https://pw.example.org', 'widgets', 3, 'c@x', 'new', 0, 'tracker:accepted', '2026-12-01T00:00:00Z'),
                ('https://pw.example.org', 'widgets', 4, 'd@x', 'under-review', 1, 'tracker:changes-requested:archived', '2026-12-01T00:00:00Z'),
                ('https://pw.example.org', 'widgets', 5, 'e@x', 'accepted', 1, 'unsynced', '2026-12-01T00:00:00Z'),
                ('https://pw.example.org', 'widgets', 6, 'f@x', 'new', 0, 'e-17', '2026-12-01T00:00:00Z');
            INSERT INTO outbox (tracker, project, patch_id, message_id, expected_state, expected_archived, desired_state, desired_archived, created_at)
                VALUES ('https://pw.example.org', 'widgets', 3, 'c@x', 'accepted', 0, 'rejected', 0, '2026-12-01T00:00:00Z');
            INSERT INTO checkpoints (scope, key, value, updated_at)
                VALUES ('sync https://pw.example.org widgets', 'events.cursor', '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:00Z');
            INSERT INTO messages (store, message_id, tags, synced_at) VALUES ('mail', 'a@x', 'pw-new', '2026-12-01T00:00:00Z');
            """;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

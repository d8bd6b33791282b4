using System.Text.Json;
using Microsoft.Data.Sqlite;
using PatchSync.Core.Model;
using PatchSync.Core.Ports;
using PatchSync.State.Model;
using PatchSync.State.Schema;

namespace PatchSync.State;

public sealed partial class StateStore
{
    /// <summary>Every stored patch of a tracker project (base and tracker value), by patch id.</summary>
    public async Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesAsync(
        string tracker, string project, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT patch_id, message_id, base_state, base_archived, tracker_state, tracker_archived FROM patches WHERE tracker = $t AND project = $p;");
        command.Parameters.AddWithValue("$t", tracker);
        command.Parameters.AddWithValue("$p", project);
        return await ReadPatchesAsync(command, cancellationToken);
    }

    /// <summary>The stored patches among <paramref name="patchIds"/>, by patch id (one query, however many ids).</summary>
    public Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesAsync(
        string tracker, string project, IReadOnlyCollection<long> patchIds, CancellationToken cancellationToken = default) =>
        LoadPatchesWhereAsync(tracker, project, "patch_id", JsonSerializer.Serialize(patchIds), cancellationToken);

    /// <summary>The stored patches whose mail is one of <paramref name="messageIds"/>, by patch id.</summary>
    public Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesByMessageAsync(
        string tracker, string project, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default) =>
        LoadPatchesWhereAsync(tracker, project, "message_id", JsonSerializer.Serialize(messageIds), cancellationToken);

    /// <summary>The owned tags last synced for those of <paramref name="messageIds"/> the store has seen, by Message-ID.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadMessageTagsAsync(
        string store, IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT message_id, tags FROM messages WHERE store = $s AND message_id IN (SELECT value FROM json_each($ids));");
        command.Parameters.AddWithValue("$s", store);
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(messageIds));
        var messages = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages[reader.GetString(0)] = Columns.ParseTags(reader.GetString(1));
        }

        return messages;
    }

    private async Task<IReadOnlyDictionary<long, PatchRecord>> LoadPatchesWhereAsync(
        string tracker, string project, string column, string jsonValues, CancellationToken cancellationToken)
    {
        // The values travel as one JSON array (json_each), so a lookup of thousands of ids is one statement.
        await using var command = Command(
            "SELECT patch_id, message_id, base_state, base_archived, tracker_state, tracker_archived FROM patches " +
            $"WHERE tracker = $t AND project = $p AND {column} IN (SELECT value FROM json_each($values));");
        command.Parameters.AddWithValue("$t", tracker);
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$values", jsonValues);
        return await ReadPatchesAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<long, PatchRecord>> ReadPatchesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var patches = new Dictionary<long, PatchRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            patches[id] = new PatchRecord(
                id,
                reader.GetString(1),
                reader.IsDBNull(2) ? null : Columns.Snapshot(reader.GetString(2), reader.GetInt64(3)),
                Columns.Snapshot(reader.GetString(4), reader.GetInt64(5)));
        }

        return patches;
    }

    /// <summary>The owned tags last synced for every message of a mail store, by Message-ID.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> LoadMessageTagsAsync(
        string store, CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT message_id, tags FROM messages WHERE store = $s;");
        command.Parameters.AddWithValue("$s", store);
        var messages = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        // Most messages carry one of a few tag sets: one shared read-only set per distinct column value
        // instead of one per message (100k messages).
        var shared = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var text = reader.GetString(1);
            if (!shared.TryGetValue(text, out var tags))
            {
                tags = Columns.ParseTags(text);
                shared[text] = tags;
            }

            messages[reader.GetString(0)] = tags;
        }

        return messages;
    }

    /// <summary>A checkpoint's text, or null when none is stored (see <see cref="CheckpointScopes"/>).</summary>
    public async Task<string?> GetCheckpointAsync(string scope, string key, CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT value FROM checkpoints WHERE scope = $scope AND key = $key;");
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Every checkpoint of a scope, by key.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetCheckpointsAsync(string scope, CancellationToken cancellationToken = default)
    {
        await using var command = Command("SELECT key, value FROM checkpoints WHERE scope = $scope;");
        command.Parameters.AddWithValue("$scope", scope);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    /// <summary>The pushes not yet confirmed for a tracker (all its projects), oldest first.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> LoadOutboxAsync(string tracker, CancellationToken cancellationToken = default)
    {
        await using var command = Command(OutboxSelect + " WHERE tracker = $t ORDER BY id;");
        command.Parameters.AddWithValue("$t", tracker);
        return await ReadOutboxAsync(command, cancellationToken);
    }

    /// <summary>Every unconfirmed push of every tracker, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> LoadOutboxAsync(CancellationToken cancellationToken = default)
    {
        await using var command = Command(OutboxSelect + " ORDER BY id;");
        return await ReadOutboxAsync(command, cancellationToken);
    }

    /// <summary>The newest <paramref name="limit"/> conflicts, newest first.</summary>
    public async Task<IReadOnlyList<ConflictRecord>> LoadConflictsAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            """
            SELECT id, at, tracker, project, patch_id, message_id, base_state, base_archived,
                   tracker_state, tracker_archived, mail_state, mail_archived, winner, reason
            FROM conflicts ORDER BY id DESC LIMIT $limit;
            """);
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<ConflictRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ConflictRecord(
                reader.GetInt64(0),
                Columns.ParseTime(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : Columns.Snapshot(reader.GetString(6), reader.GetInt64(7)),
                Columns.Snapshot(reader.GetString(8), reader.GetInt64(9)),
                Columns.Snapshot(reader.GetString(10), reader.GetInt64(11)),
                Columns.ParseRule(reader.GetString(12)),
                reader.GetString(13)));
        }

        return result;
    }

    private const string OutboxSelect =
        """
        SELECT id, tracker, project, patch_id, message_id, expected_state, expected_archived,
               desired_state, desired_archived, created_at, attempts, last_error
        FROM outbox
        """;

    private static async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new OutboxEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetString(4),
                Columns.Snapshot(reader.GetString(5), reader.GetInt64(6)),
                new PatchSnapshot(reader.GetString(7), reader.GetInt64(8) != 0),
                Columns.ParseTime(reader.GetString(9)),
                reader.GetInt32(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return result;
    }
}

using Microsoft.Data.Sqlite;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.State.Model;
using PatchSync.State.Schema;

namespace PatchSync.State;

/// <summary>
/// A batch of state writes that lands all at once at <see cref="CommitAsync"/>, or not at all: disposing
/// without commit (an exception, a kill) rolls every write back. Get one from <see cref="StateStore.BeginAsync"/>.
/// </summary>
/// <remarks>
/// The write methods are synchronous on purpose: inside a transaction SQLite only touches its page cache
/// and Microsoft.Data.Sqlite has no truly asynchronous I/O, so awaiting 100k upserts would add cost and
/// nothing else. Each statement is prepared once per transaction and reused. The durable write happens in
/// <see cref="CommitAsync"/>.
/// </remarks>
public sealed class StateTransaction : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Action _closed;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private bool _done;

    internal StateTransaction(SqliteConnection connection, SqliteTransaction transaction, TimeProvider time, Action closed)
    {
        _connection = connection;
        Transaction = transaction;
        _time = time;
        _closed = closed;
    }

    internal SqliteTransaction Transaction { get; }

    /// <summary>Stores what is known of a patch: the base (null while never synced) and the tracker's last read value.</summary>
    public void UpsertPatch(string tracker, string project, PatchRecord patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        Execute(
            """
            INSERT INTO patches (tracker, project, patch_id, message_id, base_state, base_archived,
                                 tracker_state, tracker_archived, synced_at)
            VALUES ($tracker, $project, $id, $mid, $bs, $ba, $ts, $ta, $at)
            ON CONFLICT (tracker, project, patch_id) DO UPDATE SET
                message_id = excluded.message_id, base_state = excluded.base_state,
                base_archived = excluded.base_archived, tracker_state = excluded.tracker_state,
                tracker_archived = excluded.tracker_archived, synced_at = excluded.synced_at;
            """,
            ("$tracker", tracker),
            ("$project", project),
            ("$id", patch.PatchId),
            ("$mid", patch.MessageId),
            ("$bs", patch.Base?.State),
            ("$ba", patch.Base is null ? null : patch.Base.Archived ? 1L : 0L),
            ("$ts", patch.Tracker.State),
            ("$ta", patch.Tracker.Archived ? 1L : 0L),
            ("$at", Now()));
    }

    /// <summary>Stores the owned tags last synced for a message of a mail store, and where it lives.</summary>
    /// <exception cref="ArgumentException">A tag is empty or contains a newline.</exception>
    public void UpsertMessageTags(string store, string messageId, IReadOnlySet<string> tags, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(tags);
        Execute(
            """
            INSERT INTO messages (store, message_id, tags, location, synced_at) VALUES ($store, $mid, $tags, $location, $at)
            ON CONFLICT (store, message_id) DO UPDATE SET
                tags = excluded.tags, location = excluded.location, synced_at = excluded.synced_at;
            """,
            ("$store", store),
            ("$mid", messageId),
            ("$tags", Columns.Tags(tags)),
            ("$location", location),
            ("$at", Now()));
    }

    /// <summary>Forgets a message of a mail store (no copy left).</summary>
    public void DeleteMessage(string store, string messageId) =>
        Execute("DELETE FROM messages WHERE store = $store AND message_id = $mid;", ("$store", store), ("$mid", messageId));

    /// <summary>Sets a checkpoint (see <see cref="CheckpointScopes"/>).</summary>
    public void SetCheckpoint(string scope, string key, string value) =>
        Execute(
            """
            INSERT INTO checkpoints (scope, key, value, updated_at) VALUES ($scope, $key, $value, $at)
            ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
            """,
            ("$scope", scope),
            ("$key", key),
            ("$value", value),
            ("$at", Now()));

    /// <summary>
    /// Writes a push to the outbox before it is sent. A push still waiting for the same patch is replaced:
    /// the newer plan supersedes it. The same push planned again (a retry) keeps its failed attempts and
    /// last error, so <c>pwsync status</c> shows how long it has been failing.
    /// </summary>
    /// <returns>The outbox id for <see cref="CompletePush"/> / <see cref="FailPush"/>.</returns>
    public long EnqueuePush(string tracker, string project, PushToTracker push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var command = Prepare(
            """
            INSERT INTO outbox (tracker, project, patch_id, message_id, expected_state, expected_archived,
                                desired_state, desired_archived, created_at)
            VALUES ($tracker, $project, $id, $mid, $es, $ea, $ds, $da, $at)
            ON CONFLICT (tracker, project, patch_id) DO UPDATE SET
                message_id = excluded.message_id, expected_state = excluded.expected_state,
                expected_archived = excluded.expected_archived, desired_state = excluded.desired_state,
                desired_archived = excluded.desired_archived, created_at = excluded.created_at,
                attempts = CASE WHEN outbox.desired_state = excluded.desired_state
                                 AND outbox.desired_archived = excluded.desired_archived THEN outbox.attempts ELSE 0 END,
                last_error = CASE WHEN outbox.desired_state = excluded.desired_state
                                   AND outbox.desired_archived = excluded.desired_archived THEN outbox.last_error END
            RETURNING id;
            """);
        Bind(
            command,
            ("$tracker", tracker),
            ("$project", project),
            ("$id", push.PatchId),
            ("$mid", push.MessageId),
            ("$es", push.Expected.State),
            ("$ea", push.Expected.Archived ? 1L : 0L),
            ("$ds", push.Desired.State),
            ("$da", push.Desired.Archived ? 1L : 0L),
            ("$at", Now()));
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Removes a push the tracker confirmed (or that is no longer wanted).</summary>
    public void CompletePush(long outboxId) => Execute("DELETE FROM outbox WHERE id = $id;", ("$id", outboxId));

    /// <summary>Counts a failed send and keeps its one-line error (which must not contain secrets).</summary>
    public void FailPush(long outboxId, string error) =>
        Execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $error WHERE id = $id;",
            ("$id", outboxId),
            ("$error", error));

    /// <summary>Logs a decided conflict, keeping both values so the loser's edit is never silently lost.</summary>
    public void LogConflict(string tracker, string project, ConflictDecided conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        Execute(
            """
            INSERT INTO conflicts (at, tracker, project, patch_id, message_id, base_state, base_archived,
                                   tracker_state, tracker_archived, mail_state, mail_archived, winner, reason)
            VALUES ($at, $tracker, $project, $id, $mid, $bs, $ba, $ts, $ta, $ms, $ma, $winner, $reason);
            """,
            ("$at", Now()),
            ("$tracker", tracker),
            ("$project", project),
            ("$id", conflict.PatchId),
            ("$mid", conflict.MessageId),
            ("$bs", conflict.Base?.State),
            ("$ba", conflict.Base is null ? null : conflict.Base.Archived ? 1L : 0L),
            ("$ts", conflict.Tracker.State),
            ("$ta", conflict.Tracker.Archived ? 1L : 0L),
            ("$ms", conflict.Mail.State),
            ("$ma", conflict.Mail.Archived ? 1L : 0L),
            ("$winner", Columns.Rule(conflict.Winner)),
            ("$reason", conflict.Reason));
    }

    /// <summary>Makes every write of this transaction durable at once.</summary>
    /// <exception cref="InvalidOperationException">Already committed or disposed.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        await Transaction.CommitAsync(cancellationToken);
        await CloseAsync();
    }

    /// <summary>Rolls back unless committed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_done)
        {
            return;
        }

        await Transaction.RollbackAsync();
        await CloseAsync();
    }

    private async Task CloseAsync()
    {
        _done = true;
        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync();
        }

        _prepared.Clear();
        await Transaction.DisposeAsync();
        _closed();
    }

    private string Now() => Columns.Time(_time.GetUtcNow());

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Prepare(sql);
        Bind(command, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = Transaction;
            _prepared[sql] = command;
        }

        return command;
    }

    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = command.Parameters.Contains(name) ? command.Parameters[name] : command.Parameters.Add(new SqliteParameter { ParameterName = name });
            parameter.Value = value ?? DBNull.Value;
        }
    }
}

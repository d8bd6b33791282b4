using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// A PATCH of a patch's state, archived flag, commit ref or pull URL on PostgreSQL in one round
/// trip: one statement takes the row lock, checks the caller's right to edit, moves the two count
/// cells, writes the <c>patch-state-changed</c> event and its row counts, updates the row and bumps
/// the project's change counter (and its patch list counter when the state or archived flag moved), and commits; the detail reads follow in the same batch, so the whole
/// request is one round trip. The general path (<see cref="PatchStore.UpdateAsync(long, PatchUpdate, long?, QueryTimings, CancellationToken)"/>) makes about a
/// dozen round trips for the same work; it still serves SQLite and every other kind of change.
/// </summary>
internal static class PostgresPatchUpdate
{
    // Locks are taken in the order every writer takes them, so concurrent writers never wait on each
    // other in a circle: the patch row (FOR UPDATE: a second writer of the same patch waits and then
    // reads what the first wrote), the count cells in key order, the row counts in key order, the
    // project row last. Data-modifying CTEs run in no promised order, so each later step waits for the
    // earlier ones through its conditions: a (SELECT count(*) FROM step) >= 0 term is always true but
    // runs that step to completion first.
    private static readonly string UpdateSql = """
        WITH cur AS MATERIALIZED (
            SELECT p.id, p.project_id, p.state_id, p.archived,
                   COALESCE(p.delegate_id = @user, false)
                   OR EXISTS (SELECT 1 FROM maintainers m WHERE m.project_id = p.project_id AND m.user_id = @user)
                   OR EXISTS (SELECT 1 FROM people s WHERE s.id = p.submitter_id AND s.user_id = @user) AS may_edit
            FROM patches p
            WHERE p.id = @id
            FOR UPDATE OF p
        ),
        nxt AS MATERIALIZED (
            SELECT id, project_id, state_id AS old_state, archived AS old_archived,
                   COALESCE(@state, state_id) AS new_state, COALESCE(@archived, archived) AS new_archived
            FROM cur
            WHERE may_edit
        ),
        cells AS (
            INSERT INTO patch_counts AS c (project_id, state_id, archived, n)
            SELECT nxt.project_id, v.state_id, v.archived, v.delta
            FROM nxt CROSS JOIN LATERAL (VALUES (nxt.old_state, nxt.old_archived, -1::bigint), (nxt.new_state, nxt.new_archived, 1::bigint)) AS v (state_id, archived, delta)
            WHERE (nxt.old_state, nxt.old_archived) <> (nxt.new_state, nxt.new_archived)
            ORDER BY v.state_id, v.archived
            ON CONFLICT (project_id, state_id, archived) DO UPDATE SET n = c.n + excluded.n
            RETURNING 1
        ),
        changed AS (
            INSERT INTO events (project_id, category, date, actor_id, patch_id, previous_state, current_state)
            SELECT nxt.project_id, 'patch-state-changed', @now, @user, nxt.id, was.slug, becomes.slug
            FROM nxt
            JOIN states was ON was.id = nxt.old_state
            JOIN states becomes ON becomes.id = nxt.new_state
            WHERE nxt.old_state <> nxt.new_state AND (SELECT count(*) FROM cells) >= 0
            RETURNING project_id, category
        ),
        kinds AS (
            INSERT INTO row_counts AS r (project_id, kind, n)
            SELECT changed.project_id, k.kind, count(*)
            FROM changed CROSS JOIN LATERAL (VALUES ('event'), ('event:' || changed.category)) AS k (kind)
            GROUP BY changed.project_id, k.kind
            ORDER BY k.kind
            ON CONFLICT (project_id, kind) DO UPDATE SET n = r.n + excluded.n
            RETURNING 1
        ),
        moved AS (
            UPDATE patches p
            SET state_id = nxt.new_state,
                archived = nxt.new_archived,
                commit_ref = CASE WHEN @setCommitRef THEN @commitRef ELSE p.commit_ref END,
                pull_url = CASE WHEN @setPullUrl THEN @pullUrl ELSE p.pull_url END
            FROM nxt
            WHERE p.id = nxt.id
            RETURNING p.id
        ),
        bumped AS (
            UPDATE projects pr
            SET change_seq = pr.change_seq + 1,
                patch_list_seq = pr.patch_list_seq + CASE WHEN (nxt.old_state, nxt.old_archived) <> (nxt.new_state, nxt.new_archived) THEN 1 ELSE 0 END
            FROM nxt
            WHERE pr.id = nxt.project_id
              AND (SELECT count(*) FROM cells) >= 0 AND (SELECT count(*) FROM kinds) >= 0 AND (SELECT count(*) FROM moved) >= 0
            RETURNING pr.id
        )
        SELECT cur.may_edit, (SELECT count(*) FROM bumped) AS bumped FROM cur
        """;


    /// <summary>The outcome: nothing when the patch does not exist, a refusal, or the detail after the change.</summary>
    public sealed record Result(bool Found, bool Permitted, PatchDetail? Detail);

    /// <summary>
    /// Whether <paramref name="update"/> is one this statement applies: a state, archived, commit ref
    /// or pull URL change (a delegate or a relation needs the checks of the general path).
    /// </summary>
    public static bool Handles(PatchUpdate update) => !update.SetDelegate && update.Related is null;

    /// <summary>Applies <paramref name="update"/> (one that <see cref="Handles"/>) and reads the patch detail after it, in one round trip.</summary>
    /// <param name="connection">An open PostgreSQL connection with no transaction on it.</param>
    /// <param name="patchId">The patch to change.</param>
    /// <param name="update">The change.</param>
    /// <param name="userId">The caller, whose right to edit the patch the statement checks and who the event names.</param>
    /// <param name="now">The change's time (<see cref="DbTime"/>).</param>
    /// <param name="withRelated">Whether the detail shows <c>related</c> (API 1.2+).</param>
    /// <param name="timings">Collects the round trip's time for the Server-Timing header.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    public static async Task<Result> RunAsync(
        DbConnection connection, long patchId, PatchUpdate update, long userId, long now, bool withRelated, QueryTimings timings, CancellationToken cancellationToken)
    {
        if (!Handles(update))
        {
            throw new ArgumentException("a delegate or relation change needs PatchStore.UpdateAsync", nameof(update));
        }

        var start = Stopwatch.GetTimestamp();
        await using var batch = ((NpgsqlConnection)connection).CreateBatch();

        // The error barrier (a Sync) after the update commits it there, so its locks (the project row,
        // the count cells) are free before the detail is read: one round trip, two transactions.
        var write = new NpgsqlBatchCommand(UpdateSql) { AppendErrorBarrier = true };
        write.Parameters.Add(new NpgsqlParameter<long>("id", patchId));
        write.Parameters.Add(new NpgsqlParameter<long>("user", userId));
        write.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Bigint) { Value = (object?)update.StateId ?? DBNull.Value });
        write.Parameters.Add(new NpgsqlParameter("archived", NpgsqlDbType.Bigint) { Value = update.Archived is { } a ? (a ? 1L : 0L) : DBNull.Value });
        write.Parameters.Add(new NpgsqlParameter<bool>("setCommitRef", update.SetCommitRef));
        write.Parameters.Add(new NpgsqlParameter("commitRef", NpgsqlDbType.Text) { Value = (object?)update.CommitRef ?? DBNull.Value });
        write.Parameters.Add(new NpgsqlParameter<bool>("setPullUrl", update.SetPullUrl));
        write.Parameters.Add(new NpgsqlParameter("pullUrl", NpgsqlDbType.Text) { Value = (object?)update.PullUrl ?? DBNull.Value });
        write.Parameters.Add(new NpgsqlParameter<long>("now", now));
        batch.BatchCommands.Add(write);
        foreach (var sql in PatchDetail.PostgresStatements(withRelated))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter<long>("id", patchId) } });
        }

        bool found, permitted;
        PatchDetail.Results results;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            found = await reader.ReadAsync(cancellationToken);
            permitted = found && reader.GetBoolean(0);
            await reader.NextResultAsync(cancellationToken);
            results = await PatchDetail.ReadResultsAsync(reader, withRelated, cancellationToken);
        }

        var detail = permitted ? await results.ToDetailAsync(connection, cancellationToken) : null;
        timings.AddDb(start);
        return new Result(found, permitted, detail);
    }
}

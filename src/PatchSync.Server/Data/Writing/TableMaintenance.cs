using Dapper;

namespace PatchSync.Server.Data.Writing;

/// <summary>
/// After a load on PostgreSQL: <c>VACUUM (ANALYZE)</c> of the tables it filled. VACUUM sets the
/// visibility map, without which every index-only scan (each list page's ids, and an OFFSET over
/// 100,000 index entries most of all) also visits the table for each entry until autovacuum comes
/// round; ANALYZE gives the planner the new sizes. VACUUM skips pages already marked all-visible, so
/// after a small load into a large table it costs little. SQLite needs neither.
/// </summary>
internal static class TableMaintenance
{
    /// <summary>Runs <c>VACUUM (ANALYZE)</c> on <paramref name="tables"/>; outside any transaction (VACUUM cannot run in one).</summary>
    public static async Task VacuumAnalyzeAsync(Database database, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        if (database.Dialect.IsSqlite || tables.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);

        // VACUUM marks a page all-visible only once the commit records of its rows are on disk (it
        // may not set their hint bits before). With synchronous_commit off the load's last commits
        // may still be in the WAL buffers: the WAL writer flushes them within a few hundred ms.
        var written = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_current_wal_insert_lsn()::text", cancellationToken: cancellationToken));
        for (var wait = 0; wait < 100; wait++)
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_current_wal_flush_lsn() >= @written::pg_lsn", new { written }, cancellationToken: cancellationToken)))
            {
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition($"VACUUM (ANALYZE) {string.Join(", ", tables)}", commandTimeout: 0, cancellationToken: cancellationToken));

        // VACUUM leaves a page unmarked when it cannot take it at that moment (a page pinned by autovacuum's
        // own analyze of the freshly loaded table, a snapshot still open): such a table gets more passes,
        // each of which skips the pages already marked and so costs little, waiting longer each time (up to
        // ~9 s in all) so that a slow autovacuum analyze on a busy machine can finish in between.
        for (var pass = 1; pass <= 8; pass++)
        {
            var unfinished = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT relname FROM pg_class WHERE relname = ANY(@tables) AND relkind = 'r' AND relallvisible < relpages",
                new { tables = tables.ToArray() },
                cancellationToken: cancellationToken))).ToList();
            if (unfinished.Count == 0)
            {
                return;
            }

            await Task.Delay(250 * pass, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"VACUUM {string.Join(", ", unfinished)}", commandTimeout: 0, cancellationToken: cancellationToken));
        }
    }
}

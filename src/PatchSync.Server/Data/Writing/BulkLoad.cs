using System.Data.Common;
using Dapper;
using PatchSync.Server.Data.Migrations;

namespace PatchSync.Server.Data.Writing;

/// <summary>
/// Many <see cref="WriteBatch"/>es loading a large amount of data. Into an empty PostgreSQL database
/// the load runs as pg_restore does it: one transaction that drops the covering indexes of patches
/// and events and the foreign keys of patches, patch bodies and events, copies every batch in, then
/// builds the indexes (one sort each instead of an insertion per row into each of eighteen indexes)
/// and adds the foreign keys back, each validated by one query over the table instead of one lookup
/// per row. The result is the same database, with every definition restored exactly as it was read;
/// a failure anywhere (a row that breaks a key, say) rolls the whole load back. The tables are locked
/// for the whole load, so this is for a first load, not for a database a server is serving: when the
/// patches table already holds rows, every batch is its own transaction with the indexes in place.
/// </summary>
internal sealed class BulkLoad : IAsyncDisposable
{
    private static readonly string[] Tables = ["patches", "patch_bodies", "events"];

    private readonly Database _database;
    private readonly DbConnection? _connection;
    private readonly DbTransaction? _transaction;
    private readonly IReadOnlyList<string> _restore;
    private bool _completed;

    private BulkLoad(Database database, DbConnection? connection, DbTransaction? transaction, IReadOnlyList<string> restore)
    {
        _database = database;
        _connection = connection;
        _transaction = transaction;
        _restore = restore;
    }

    /// <summary>Whether the load runs in one transaction with the indexes and keys built at the end.</summary>
    public bool Deferred => _transaction is not null;

    public static async Task<BulkLoad> BeginAsync(Database database, CancellationToken cancellationToken)
    {
        if (database.Dialect.IsSqlite)
        {
            return new BulkLoad(database, null, null, []);
        }

        var connection = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // The lock first, so no writer adds a row between the check and the drops.
            await connection.ExecuteAsync(new CommandDefinition(
                $"LOCK TABLE {string.Join(", ", Tables)} IN ACCESS EXCLUSIVE MODE", transaction: transaction, cancellationToken: cancellationToken));
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM patches)", transaction: transaction, cancellationToken: cancellationToken)))
            {
                await transaction.RollbackAsync(cancellationToken);
                await connection.DisposeAsync();
                return new BulkLoad(database, null, null, []);
            }

            var restore = await DropAsync(connection, transaction, cancellationToken);
            return new BulkLoad(database, connection, transaction, restore);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A batch for <paramref name="projectId"/>; commit it (<see cref="WriteBatch.CommitAsync"/>) and dispose it before the next.</summary>
    public async Task<WriteBatch> BatchAsync(long projectId, CancellationToken cancellationToken) =>
        _transaction is null
            ? await WriteBatch.BeginAsync(_database, projectId, cancellationToken)
            : WriteBatch.Within(_connection!, _transaction, projectId);

    /// <summary>
    /// Builds the indexes, adds the keys back and commits; then (PostgreSQL) <c>VACUUM (ANALYZE)</c> of
    /// the loaded tables, so index-only scans need no heap visit (<see cref="TableMaintenance"/>).
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null || _connection is null)
        {
            _completed = true;
            await TableMaintenance.VacuumAnalyzeAsync(_database, Tables, cancellationToken);
            return;
        }

        // Room to sort each index in memory; for this transaction only.
        await _connection.ExecuteAsync(new CommandDefinition("SET LOCAL maintenance_work_mem = '256MB'", transaction: _transaction, cancellationToken: cancellationToken));
        foreach (var statement in _restore)
        {
            await _connection.ExecuteAsync(new CommandDefinition(statement, transaction: _transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        }

        await _transaction.CommitAsync(cancellationToken);
        _completed = true;
        await TableMaintenance.VacuumAnalyzeAsync(_database, Tables, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            if (!_completed)
            {
                await _transaction.RollbackAsync();
            }

            await _transaction.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Drops the covering indexes and foreign keys of the loaded tables; returns the statements that restore them.</summary>
    private static async Task<IReadOnlyList<string>> DropAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var tables = Tables.ToArray();
        var indexNames = CoveringIndexes.All.Select(i => i.Name).ToArray();
        var indexes = (await connection.QueryAsync<(string Name, string Definition)>(new CommandDefinition(
            """
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = ANY (SELECT to_regclass(t) FROM unnest(@tables) t)
              AND i.relname = ANY(@indexNames) AND NOT x.indisunique
            ORDER BY i.relname
            """,
            new { tables, indexNames },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        var keys = (await connection.QueryAsync<(string Table, string Name, string Definition)>(new CommandDefinition(
            """
            SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f' AND conrelid = ANY (SELECT to_regclass(t) FROM unnest(@tables) t)
            ORDER BY conrelid::regclass::text, conname
            """,
            new { tables },
            transaction,
            cancellationToken: cancellationToken))).AsList();

        foreach (var (table, name, _) in keys)
        {
            await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {table} DROP CONSTRAINT {name}", transaction: transaction, cancellationToken: cancellationToken));
        }

        foreach (var (name, _) in indexes)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP INDEX {name}", transaction: transaction, cancellationToken: cancellationToken));
        }

        return [.. indexes.Select(i => i.Definition), .. keys.Select(k => $"ALTER TABLE {k.Table} ADD CONSTRAINT {k.Name} {k.Definition}")];
    }
}

using System.Data.Common;
using Dapper;

namespace PatchSync.Server.Data.Migrations;

/// <summary>
/// Applies the versioned migrations not yet recorded in <c>schema_version</c>, each in its own
/// transaction, in version order. Safe to call on every start. Each version missing from the table
/// is applied, not only those above the highest one: migrations are written on parallel branches, so
/// a database may have met version 5 before the build that brings version 4 (each migration must
/// therefore stand on the versions below it that every build has, never on a sibling).
/// </summary>
internal static class Migrator
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        InitialSchema.Migration,
        CoveringIndexMigration(),

        // HTTP Basic auth on the API, as Patchwork accepts it: a salted PBKDF2 hash (PasswordHashes).
        new(3, "user passwords", "ALTER TABLE users ADD COLUMN password_hash TEXT NULL"),
        BundleSchema.Migration,
        PatchRelationsSchema.Migration,
        PatchListVersionSchema.Migration,
    ];

    public static async Task<int> MigrateAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (database.Dialect.IsSqlite)
        {
            // WAL is a property of the file: set once, outside any transaction.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            cancellationToken: cancellationToken));
        var done = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_version", cancellationToken: cancellationToken))).ToHashSet();

        var applied = 0;
        foreach (var migration in All.Where(m => !done.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await ApplyAsync(connection, database.Dialect, migration, cancellationToken);
            applied++;
        }

        return applied;
    }

    private static async Task ApplyAsync(DbConnection connection, SqlDialect dialect, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in SplitStatements(dialect.Expand(migration.Sql)))
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
            new { migration.Version, migration.Name, At = DbTime.Now() },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static Migration CoveringIndexMigration() => new(
        2,
        "covering indexes for list endpoints",
        string.Join(";\n", CoveringIndexes.All.Select(i => CoveringIndexes.CreateSql(i.Name, i.Definition))));

    private static IEnumerable<string> SplitStatements(string sql) =>
        sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => string.Join('\n', s.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(s => s.Length > 0);
}

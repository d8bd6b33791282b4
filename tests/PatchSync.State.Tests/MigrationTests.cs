using Microsoft.Data.Sqlite;
using PatchSync.State.Schema;
using PatchSync.Testing;

namespace PatchSync.State.Tests;

public class MigrationTests
{
    [Fact]
    public async Task MigrateAsync_FromOlderVersion_AppliesOnlyNewerSteps()
    {
        using var temp = new TempDirectory();
        await using var connection = await OpenAsync(temp.File("m.db"));
        await StateStore.MigrateAsync(connection, "m.db", [new Migration(1, "CREATE TABLE a (x INTEGER);")], default);
        await ExecAsync(connection, "INSERT INTO a VALUES (7);");

        await StateStore.MigrateAsync(
            connection,
            "m.db",
            [new Migration(1, "CREATE TABLE a (x INTEGER);"), new Migration(2, "ALTER TABLE a ADD COLUMN y TEXT DEFAULT 'v2';")],
            default);

        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA user_version;"));
        Assert.Equal("v2", await ScalarAsync(connection, "SELECT y FROM a WHERE x = 7;"));
    }

    [Fact]
    public async Task MigrateAsync_FailingStep_LeavesThePreviousVersionWhole()
    {
        using var temp = new TempDirectory();
        await using var connection = await OpenAsync(temp.File("m.db"));
        Migration[] steps =
        [
            new(1, "CREATE TABLE a (x INTEGER);"),
            new(2, "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);"),
        ];

        await Assert.ThrowsAsync<SqliteException>(() => StateStore.MigrateAsync(connection, "m.db", steps, default));

        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA user_version;"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'b';"));
    }

    [Fact]
    public void Migrations_AreNumberedOneUpwardsWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, Migrations.All.Count), Migrations.All.Select(m => m.Version));
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql) => await ScalarAsync(connection, sql);

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

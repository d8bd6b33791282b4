using Dapper;
using Microsoft.Data.Sqlite;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// The server keeps its SQLite connections open with their prepared statements
/// (<see cref="SqliteConnectionPool"/>): a kept statement must see schema changes and other
/// processes' writes at once, and a connection must never come back with a transaction open.
/// </summary>
public sealed class SqliteConnectionPoolTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task OpenConnection_AfterDispose_HandsOutTheSameOpenConnectionWithItsStatements()
    {
        using var file = await TempSqliteDatabase.CreateAsync("pwsync-pool", ("widgets", "Widgets", "widgets.example.org"));
        SqliteCommand kept;
        await using (var first = await file.Database.OpenConnectionAsync(Ct))
        {
            kept = ((PooledSqliteConnection)first).Statement("SELECT count(*) FROM projects");
            Assert.Equal(1L, await kept.ExecuteScalarAsync(Ct));
        }

        await using var again = await file.Database.OpenConnectionAsync(Ct);
        Assert.Same(kept, ((PooledSqliteConnection)again).Statement("SELECT count(*) FROM projects"));
        Assert.Equal(1L, await kept.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task KeptStatement_AfterAMigrationFromAnotherConnection_ReadsTheNewSchema()
    {
        using var file = await TempSqliteDatabase.CreateAsync("pwsync-pool", ("widgets", "Widgets", "widgets.example.org"));
        const string sql = "SELECT * FROM projects WHERE id = @id";
        await using (var connection = await file.Database.OpenConnectionAsync(Ct))
        {
            using var statement = Statement.For(connection, null, sql).With("id", 1L);
            await using var reader = await statement.Command.ExecuteReaderAsync(Ct);
            Assert.DoesNotContain("added_later", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        }

        // As another process would (a newer pwsync-server migrating the file): its own connection.
        await using (var other = new SqliteConnection($"Data Source={file.Database.Target};Pooling=False"))
        {
            await other.OpenAsync(Ct);
            await other.ExecuteAsync("ALTER TABLE projects ADD COLUMN added_later TEXT NOT NULL DEFAULT 'yes'; CREATE INDEX ix_test_added ON projects (added_later)");
        }

        await using (var connection = await file.Database.OpenConnectionAsync(Ct))
        {
            using var statement = Statement.For(connection, null, sql).With("id", 1L);
            await using var reader = await statement.Command.ExecuteReaderAsync(Ct);
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal("yes", reader.GetString(reader.GetOrdinal("added_later")));
        }
    }

    [Fact]
    public async Task FindByToken_TokenReplacedByAnotherProcess_IsRefusedAtOnce()
    {
        using var file = await TempSqliteDatabase.CreateAsync("pwsync-pool", ("widgets", "Widgets", "widgets.example.org"));
        var users = new UserStore(file.Database);
        await users.AddAsync("maint", "maint@example.org", "widgets", Ct);
        var old = await users.NewTokenAsync("maint", Ct);
        Assert.NotNull(await users.FindByTokenAsync(old, Ct)); // the lookup is now kept prepared on a pooled connection

        // `pwsync-server token new` runs in its own process: another Database on the same file.
        using (var cli = Database.Open(file.Database.Target))
        {
            var replacement = await new UserStore(cli).NewTokenAsync("maint", Ct);
            Assert.Null(await users.FindByTokenAsync(old, Ct));
            Assert.Equal("maint", (await users.FindByTokenAsync(replacement, Ct))?.Username);
        }
    }

    [Fact]
    public async Task Dispose_WithATransactionLeftOpen_RollsItBackAndDoesNotPoolIt()
    {
        using var file = await TempSqliteDatabase.CreateAsync("pwsync-pool", ("widgets", "Widgets", "widgets.example.org"));
        var first = await file.Database.OpenConnectionAsync(Ct);
        var transaction = await first.BeginTransactionAsync(Ct);
        await first.ExecuteAsync("UPDATE projects SET name = 'changed'", transaction: transaction);
        await first.DisposeAsync(); // the transaction is neither committed nor disposed

        // A raw BEGIN the provider does not know about is caught too.
        var second = await file.Database.OpenConnectionAsync(Ct);
        await second.ExecuteAsync("BEGIN; UPDATE projects SET name = 'raw'");
        await second.DisposeAsync();

        await using var next = await file.Database.OpenConnectionAsync(Ct);
        Assert.NotSame(first, next);
        Assert.NotSame(second, next);
        Assert.Equal("Widgets", await next.ExecuteScalarAsync<string>("SELECT name FROM projects"));
        await using var write = await next.BeginTransactionAsync(Ct); // not "within a transaction"
        await write.CommitAsync(Ct);
    }

    [Fact]
    public async Task Dispose_OfTheDatabase_ClosesItsIdleConnections()
    {
        using var file = await TempSqliteDatabase.CreateAsync("pwsync-pool", ("widgets", "Widgets", "widgets.example.org"));
        var database = Database.Open(file.Database.Target);
        var connection = await database.OpenConnectionAsync(Ct);
        await connection.DisposeAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State); // idle in the pool

        database.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }
}

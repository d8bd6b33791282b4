using Dapper;
using Microsoft.Data.Sqlite;
using PatchSync.Server.Data;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// The SQLite settings (busy timeout, synchronous, cache size, temp store) are run once per native
/// connection: a connection the pool hands out again must still carry them, and a new native connection
/// (after the pool was cleared) must get them too.
/// </summary>
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task OpenConnection_ReusedAndNewNativeConnections_CarryTheSettings()
    {
        using var directory = new TempDirectory("pwsync-settings");
        using var database = Database.Open(directory.File("db.sqlite"));
        var ct = CancellationToken.None;

        for (var open = 0; open < 3; open++)
        {
            if (open == 2)
            {
                SqliteConnection.ClearAllPools();
            }

            await using var connection = await database.OpenConnectionAsync(ct);
            Assert.Equal(10_000L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // NORMAL
            Assert.Equal(-65_536L, await connection.ExecuteScalarAsync<long>("PRAGMA cache_size"));
            Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("PRAGMA temp_store")); // MEMORY
        }
    }
}

using Microsoft.Data.Sqlite;

namespace PatchSync.Server.Data;

/// <summary>
/// Open SQLite connections kept by the server itself, each with the statements it has prepared
/// (<see cref="PooledSqliteConnection.Statement"/>). The provider's own pool keeps the native
/// connection but disposes every command on close, so each request parsed and planned its SQL anew
/// (docs/benchmarks.md "CPU per request"); a connection handed back here stays open with its
/// commands. A connection comes back only when it is idle: no transaction open, the caller's
/// commands and readers disposed.
/// </summary>
internal sealed class SqliteConnectionPool(string connectionString) : IDisposable
{
    // More idle connections than requests in flight are closed: the server rarely has more than a few.
    private const int MaxIdle = 16;

    private readonly Stack<PooledSqliteConnection> _idle = new();
    private bool _disposed;

    /// <summary>An idle connection (most recently used first: its pages and statements are warm), or a new, unopened one.</summary>
    public PooledSqliteConnection Rent(out bool isOpen)
    {
        lock (_idle)
        {
            if (_idle.TryPop(out var connection))
            {
                isOpen = true;
                return connection;
            }
        }

        isOpen = false;
        return new PooledSqliteConnection(connectionString, this);
    }

    /// <summary>Takes <paramref name="connection"/> back unless the pool is closed or full; false: the caller closes it.</summary>
    public bool TryReturn(PooledSqliteConnection connection)
    {
        lock (_idle)
        {
            if (_disposed || _idle.Count >= MaxIdle)
            {
                return false;
            }

            _idle.Push(connection);
            return true;
        }
    }

    /// <summary>Closes the idle connections; connections in use are closed when they are disposed.</summary>
    public void Dispose()
    {
        PooledSqliteConnection[] idle;
        lock (_idle)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var connection in idle)
        {
            connection.Dispose();
        }
    }
}

/// <summary>
/// A SQLite connection of a <see cref="SqliteConnectionPool"/>: disposing it hands it back to the pool
/// (still open, its prepared statements kept) when it is idle, else closes it as usual.
/// </summary>
internal sealed class PooledSqliteConnection(string connectionString, SqliteConnectionPool pool) : SqliteConnection(connectionString)
{
    // Bounded: the hot statements are a few dozen; a connection that saw many distinct texts (list
    // filters with literal ids) starts over rather than growing.
    private const int MaxStatements = 64;

    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

    /// <summary>
    /// This connection's command for <paramref name="sql"/>, prepared on its first run and kept
    /// prepared for the next ones (SQLite re-prepares it by itself after a schema change). Set its
    /// <see cref="SqliteCommand.Transaction"/> and parameters before each run, and dispose its
    /// reader before the connection is disposed; never dispose the command.
    /// </summary>
    public SqliteCommand Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            if (_statements.Count >= MaxStatements)
            {
                foreach (var old in _statements.Values)
                {
                    old.Dispose();
                }

                _statements.Clear();
            }

            command = CreateCommand();
            command.CommandText = sql;
            _statements[sql] = command;
        }

        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && State == System.Data.ConnectionState.Open && Transaction is null && Handle is { } handle
            && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0 && pool.TryReturn(this))
        {
            return;
        }

        // A transaction begun by a raw BEGIN, which the provider neither knows nor ends: rolled back
        // here, so the native connection does not go back to the provider's pool inside it.
        if (disposing && State == System.Data.ConnectionState.Open && Transaction is null && Handle is { } open
            && SQLitePCL.raw.sqlite3_get_autocommit(open) == 0)
        {
            SQLitePCL.raw.sqlite3_exec(open, "ROLLBACK");
        }

        // Closing disposes every command of the connection, the kept ones too.
        _statements.Clear();
        base.Dispose(disposing);
    }
}

using Microsoft.Data.Sqlite;
using PatchSync.State.Schema;

namespace PatchSync.State;

/// <summary>
/// pwsync's memory between runs, in one SQLite file: the last synced value of every patch (the planner's
/// base), the owned tags last synced per message, checkpoints, the outbox of pushes, the conflicts log
/// and the runs log. Reads are methods here; every write goes through a <see cref="StateTransaction"/>
/// from <see cref="BeginAsync"/>, so a run killed at any point leaves the file consistent.
/// </summary>
/// <remarks>
/// One connection, not thread-safe: one run uses it from one logical flow. Take a <see cref="StateLock"/>
/// first so two runs never share a file.
/// </remarks>
public sealed partial class StateStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private StateTransaction? _open;

    private StateStore(string path, SqliteConnection connection, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        _time = time;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating and migrating as needed) the state store at <paramref name="path"/>.</summary>
    /// <exception cref="StateStoreException">The file is not a usable state store or was written by a newer pwsync.</exception>
    public static Task<StateStore> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(path, TimeProvider.System, cancellationToken);

    /// <summary>Opens the state store, stamping rows with times from <paramref name="time"/>.</summary>
    /// <exception cref="StateStoreException">
    /// The file or its directory cannot be created, is not a usable state store, or was written by a newer pwsync.
    /// </exception>
    public static async Task<StateStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(time);
        path = System.IO.Path.GetFullPath(path);
        try
        {
            CreatePrivately(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException($"state store {path}: cannot create it: {e.Message}", e);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooling would keep the file open after dispose; a run opens it once anyway.
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(
                connection,
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;",
                cancellationToken);
            await MigrateAsync(connection, path, Migrations.All, cancellationToken);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new StateStoreException($"state store {path}: {e.Message}", e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new StateStore(path, connection, time);
    }

    /// <summary>
    /// Starts a write transaction. Writes become visible to this store's reads at once and durable at
    /// <see cref="StateTransaction.CommitAsync"/>; disposing without commit rolls all of them back.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another transaction of this store is still open.</exception>
    public async Task<StateTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        if (_open is not null)
        {
            throw new InvalidOperationException("a state transaction is already open; commit or dispose it first");
        }

        var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        _open = new StateTransaction(_connection, tx, _time, () => _open = null);
        return _open;
    }

    /// <summary>Rolls back a transaction still open, then closes the database connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    internal SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _open?.Transaction;
        return command;
    }

    private static void CreatePrivately(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(dir))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dir);
            }
            else
            {
                Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        if (File.Exists(path) || OperatingSystem.IsWindows())
        {
            return;
        }

        // Create the empty file ourselves so it is 0600 from its first instant; SQLite gives the -wal
        // and -shm files the database file's mode.
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created by someone else in between: fine, it is opened below.
        }
    }

    /// <summary>Applies every step of <paramref name="migrations"/> newer than the file, each in its own transaction.</summary>
    internal static async Task MigrateAsync(
        SqliteConnection connection, string path, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var latest = migrations[^1].Version;
        var version = await ScalarLongAsync(connection, "PRAGMA user_version;", cancellationToken);
        if (version > latest)
        {
            throw new StateStoreException(
                $"state store {path} has schema version {version}, newer than this pwsync understands ({latest}); upgrade pwsync");
        }

        foreach (var migration in migrations.Where(m => m.Version > version))
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = migration.Script + $"\nPRAGMA user_version = {migration.Version};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarLongAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}

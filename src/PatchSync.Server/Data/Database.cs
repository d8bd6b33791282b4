using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PatchSync.Server.Data;

/// <summary>
/// One database (a SQLite file or a PostgreSQL connection string) and how to open connections to it.
/// Connections are pooled by the providers; SQLite connections get WAL and a busy timeout so the admin
/// CLI can write while the server reads.
/// </summary>
internal sealed class Database : IDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    // Columns are snake_case, row properties PascalCase.
    static Database() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    private readonly string? _sqliteConnectionString;
    private readonly SqliteConnectionPool? _sqlitePool;

    private Database(string target, SqlDialect dialect, DataOptions options)
    {
        Target = target;
        Dialect = dialect;
        Options = options;
        if (dialect.IsSqlite)
        {
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = target,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            _sqlitePool = new SqliteConnectionPool(_sqliteConnectionString);
        }
        else
        {
            _postgres = NpgsqlDataSource.Create(Tuned(target));
        }
    }

    /// <summary>
    /// Pool and statement settings for the server's load, applied only where the connection string
    /// does not set them itself. Every request runs the same few statements, so Npgsql prepares them
    /// on each pooled connection after their second use (Max Auto Prepare), and a connection returned
    /// to the pool is not reset, which would drop nothing we use (no session state is set) but costs a
    /// command per request. Multiplexing stays off: list requests are single statements already, and
    /// PATCH needs its own connection for the transaction.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // Not key=value (a postgres:// URL): passed on as given.
            return connectionString;
        }

        void Default(string key, object value)
        {
            if (!connectionString.Contains(key, StringComparison.OrdinalIgnoreCase))
            {
                builder[key] = value;
            }
        }

        Default("Max Auto Prepare", 64);
        Default("Auto Prepare Min Usages", 2);
        Default("No Reset On Close", true);
        Default("Minimum Pool Size", 4);
        Default("Maximum Pool Size", 40);
        return builder.ConnectionString;
    }

    /// <summary>The SQLite path or PostgreSQL connection string (may hold a password: never print it).</summary>
    public string Target { get; }

    public SqlDialect Dialect { get; }

    public DataOptions Options { get; }

    /// <summary>A printable name of the database: the path, or host/port/database for PostgreSQL.</summary>
    public string DisplayName => Dialect.IsSqlite
        ? Target
        : new NpgsqlConnectionStringBuilder(Target) is var b ? $"postgresql://{b.Host}:{b.Port}/{b.Database}" : "postgresql";

    /// <summary>
    /// Opens <paramref name="target"/>: a string with <c>Host=</c> (or a postgres:// URL) is PostgreSQL,
    /// anything else is a SQLite file path.
    /// </summary>
    public static Database Open(string target, DataOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var isPostgres = target.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
        if (isPostgres)
        {
            return new Database(target, PostgresDialect.Instance, options ?? new DataOptions());
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(target));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return new Database(target, SqliteDialect.Instance, options ?? new DataOptions());
    }

    /// <summary>Same database, different read-path switches (benchmark).</summary>
    public Database WithOptions(DataOptions options) => new(Target, Dialect, options);

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        // An idle connection of this database's own pool keeps its prepared statements (SqliteConnectionPool).
        var connection = _sqlitePool!.Rent(out var isOpen);
        if (isOpen)
        {
            return connection;
        }

        await connection.OpenAsync(cancellationToken);
        // The settings belong to the native connection, which the provider's pool keeps open and hands out
        // again: set them once per native connection, not on every open (parsing and running the four
        // statements was a measurable share of a request's CPU, docs/benchmarks.md "CPU per request").
        if (connection.Handle is { } handle && !_configuredHandles.TryGetValue(handle, out _))
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = SqliteConnectionSettings;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _configuredHandles.AddOrUpdate(handle, SqliteConnectionSettings);
        }

        return connection;
    }

    /// <summary>What every SQLite connection runs once, when the pool opens it.</summary>
    internal const string SqliteConnectionSettings = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=1073741824;";

    // Native connections (held weakly: a handle the pool closes is forgotten) that ran SqliteConnectionSettings.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> _configuredHandles = new();

    public void Dispose()
    {
        _postgres?.Dispose();
        _sqlitePool?.Dispose();
    }
}

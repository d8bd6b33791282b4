using System.Data;
using System.Data.Common;

namespace PatchSync.Server.Data;

/// <summary>
/// A command for one run of a hot statement: on a <see cref="PooledSqliteConnection"/> the
/// connection's kept, prepared command (not re-parsed), elsewhere (PostgreSQL, which prepares by
/// itself) a new command that <see cref="Dispose"/> disposes. Parameters are set by name with their
/// type, so a null binds the same way on both databases.
/// </summary>
internal readonly struct Statement : IDisposable
{
    private readonly bool _owned;

    private Statement(DbCommand command, bool owned)
    {
        Command = command;
        _owned = owned;
    }

    public DbCommand Command { get; }

    /// <summary>The command for <paramref name="sql"/> on <paramref name="connection"/>, in <paramref name="transaction"/> (or none).</summary>
    public static Statement For(DbConnection connection, DbTransaction? transaction, string sql)
    {
        if (connection is PooledSqliteConnection pooled)
        {
            var kept = pooled.Statement(sql);
            kept.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction?)transaction;
            return new Statement(kept, owned: false);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return new Statement(command, owned: true);
    }

    public Statement With(string name, long value) => Set(name, DbType.Int64, value);

    public Statement With(string name, long? value) => Set(name, DbType.Int64, value);

    public Statement With(string name, string? value) => Set(name, DbType.String, value);

    public void Dispose()
    {
        if (_owned)
        {
            Command.Dispose();
        }
    }

    private Statement Set(string name, DbType type, object? value)
    {
        var parameters = Command.Parameters;
        var index = parameters.IndexOf(name);
        DbParameter parameter;
        if (index >= 0)
        {
            parameter = parameters[index];
        }
        else
        {
            parameter = Command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameters.Add(parameter);
        }

        parameter.Value = value ?? DBNull.Value;
        return this;
    }
}

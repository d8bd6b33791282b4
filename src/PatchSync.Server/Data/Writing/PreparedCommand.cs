using System.Data.Common;

namespace PatchSync.Server.Data.Writing;

/// <summary>
/// A statement prepared once per batch and run many times with new values: bulk writes then cost
/// one bind and step per row instead of a parse per row.
/// </summary>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    public PreparedCommand(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = new DbParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = parameterNames[i];
            parameter.Value = DBNull.Value;
            _command.Parameters.Add(parameter);
            _parameters[i] = parameter;
        }
    }

    public async Task<long> ScalarAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        var result = await _command.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<object?> ValueAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        var result = await _command.ExecuteScalarAsync(cancellationToken);
        return result is DBNull ? null : result;
    }

    /// <summary>Runs the statement and returns its rows; dispose the reader before the next run.</summary>
    public Task<DbDataReader> ReaderAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        return _command.ExecuteReaderAsync(cancellationToken);
    }

    public Task<int> ExecuteAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        return _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private void Bind(object?[] values)
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}

using System.Data.Common;
using Dapper;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>Writes one event row (and its count) inside the caller's transaction.</summary>
internal static class EventWriter
{
    // Every column of EventFields, bound to the property of the same name.
    private static readonly string InsertSql =
        $"INSERT INTO events ({EventFields.FieldColumns}) VALUES ({string.Join(", ", EventFields.FieldColumns.Split(", ").Select(ParameterOf))}) RETURNING id";

    public static async Task<long> WriteAsync(DbConnection connection, DbTransaction transaction, NewEvent e, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, e, transaction, cancellationToken: cancellationToken));
        await ChangeTracker.AddRowCountAsync(connection, transaction, e.ProjectId, "event", 1, cancellationToken);
        await ChangeTracker.AddRowCountAsync(connection, transaction, e.ProjectId, "event:" + e.Category, 1, cancellationToken);
        return id;
    }

    // previous_delegate_id -> @PreviousDelegateId
    private static string ParameterOf(string column) =>
        "@" + string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}

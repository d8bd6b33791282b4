using System.Data.Common;
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
        long id;
        // Kept prepared on a pooled SQLite connection (Statement); the parameters are EventFields' properties.
        using (var insert = Statement.For(connection, transaction, InsertSql)
            .With("ProjectId", e.ProjectId).With("Category", e.Category).With("Date", e.Date).With("ActorId", e.ActorId)
            .With("PatchId", e.PatchId).With("CoverId", e.CoverId).With("SeriesId", e.SeriesId).With("CommentId", e.CommentId)
            .With("CheckId", e.CheckId).With("PreviousState", e.PreviousState).With("CurrentState", e.CurrentState)
            .With("PreviousDelegateId", e.PreviousDelegateId).With("CurrentDelegateId", e.CurrentDelegateId))
        {
            id = Convert.ToInt64(await insert.Command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        await ChangeTracker.AddRowCountAsync(connection, transaction, e.ProjectId, "event", 1, cancellationToken);
        await ChangeTracker.AddRowCountAsync(connection, transaction, e.ProjectId, "event:" + e.Category, 1, cancellationToken);
        return id;
    }

    // previous_delegate_id -> @PreviousDelegateId
    private static string ParameterOf(string column) =>
        "@" + string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}

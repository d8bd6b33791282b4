using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// What GET /patches/{id}/ (and a PATCH's answer) shows: the row, its body, its project, its combined
/// check state and (API 1.2+, else <see cref="RelatedPatches.None"/>) the other patches of its relation.
/// </summary>
internal sealed record PatchDetail(PatchRow Patch, BodyRow Body, ProjectRow Project, string CheckState, RelatedPatches Related)
{
    /// <summary>
    /// The reads of a detail, bound to <c>@id</c>: on PostgreSQL they are sent together (one round
    /// trip), after the statement of a PATCH in the same batch (<see cref="PostgresPatchUpdate"/>);
    /// SQLite runs them as one command too.
    /// </summary>
    internal static IReadOnlyList<string> PostgresStatements(bool withRelated)
    {
        var statements = new List<string>
        {
            $"{PatchRow.Select} WHERE p.id = @id",
            "SELECT headers, content, diff FROM patch_bodies WHERE patch_id = @id",
            $"SELECT {ProjectRow.Columns} FROM projects WHERE id = (SELECT project_id FROM patches WHERE id = @id)",
        };
        PatchCheckAndRelatedReads.AddStatements(statements, "= @id", withRelated);
        return statements;
    }

    // One text per shape, so a connection keeps one prepared command for each.
    private static readonly string SqliteWithRelated = string.Join(";\n", PostgresStatements(true));
    private static readonly string SqliteWithoutRelated = string.Join(";\n", PostgresStatements(false));

    /// <summary>The detail of patch <paramref name="id"/>, or null when there is no such patch.</summary>
    public static async Task<PatchDetail?> ReadAsync(DbConnection connection, long id, bool withRelated, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection)
        {
            Results results;
            await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                string.Join(";\n", PostgresStatements(withRelated)), new { id }, cancellationToken: cancellationToken)))
            {
                results = await ReadResultsAsync(reader, withRelated, cancellationToken);
            }

            return await results.ToDetailAsync(connection, cancellationToken);
        }

        // SQLite: the same statements as one command in one read transaction, rather than five commands
        // that each took their own snapshot, locks and page reads (docs/benchmarks.md "CPU per request").
        // The reads see one snapshot, so the detail is consistent even while a PATCH commits beside it.
        Results sqliteResults;
        using (var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: true))
        {
            // The connection's kept command: the five statements are parsed once per connection, not per request.
            using var statement = Statement.For(connection, transaction, withRelated ? SqliteWithRelated : SqliteWithoutRelated).With("id", id);
            await using (var reader = await statement.Command.ExecuteReaderAsync(cancellationToken))
            {
                sqliteResults = await ReadResultsAsync(reader, withRelated, cancellationToken);
            }

            transaction.Commit();
        }

        return await sqliteResults.ToDetailAsync(connection, cancellationToken);
    }

    /// <summary>Reads the result sets of <see cref="PostgresStatements"/>, starting at the reader's current one.</summary>
    internal static async Task<Results> ReadResultsAsync(DbDataReader reader, bool withRelated, CancellationToken cancellationToken)
    {
        PatchRow? patch = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            patch = reader.GetRowParser<PatchRow>()(reader);
        }

        await reader.NextResultAsync(cancellationToken);
        var body = new BodyRow();
        if (await reader.ReadAsync(cancellationToken))
        {
            body = reader.GetRowParser<BodyRow>()(reader);
        }

        await reader.NextResultAsync(cancellationToken);
        ProjectRow? project = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            project = reader.GetRowParser<ProjectRow>()(reader);
        }

        await reader.NextResultAsync(cancellationToken);
        var (checks, related) = await PatchCheckAndRelatedReads.ReadAsync(reader, withRelated, cancellationToken);
        var check = patch is null ? "pending" : checks.GetValueOrDefault(patch.Id, "pending");
        return new Results(patch, body, project, check, related);
    }

    /// <summary>
    /// The reads off the reader; a relation across projects may need one more read for the projects of
    /// its patches, so the detail is finished (<see cref="ToDetailAsync"/>) after the reader is closed.
    /// </summary>
    internal sealed record Results(PatchRow? Patch, BodyRow Body, ProjectRow? Project, string CheckState, List<RelatedPatches.Row>? Related)
    {
        public async Task<PatchDetail?> ToDetailAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            if (Patch is null || Project is null)
            {
                return null;
            }

            var related = Related is null
                ? RelatedPatches.None
                : await RelatedPatches.FromRowsAsync(connection, Related, new Dictionary<long, ProjectRow> { [Project.Id] = Project }, cancellationToken);
            return new PatchDetail(Patch, Body, Project, CheckState, related);
        }
    }
}

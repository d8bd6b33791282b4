using System.Data.Common;
using Dapper;
using Npgsql;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>What GET /patches/{id}/ (and a PATCH's answer) shows: the row, its body, its project and its combined check state.</summary>
public sealed record PatchDetail(PatchRow Patch, BodyRow Body, ProjectRow Project, string CheckState)
{
    /// <summary>
    /// The reads of a detail, bound to <c>@id</c>: on PostgreSQL they are sent together (one round
    /// trip), after the statement of a PATCH in the same batch (<see cref="PostgresPatchUpdate"/>).
    /// </summary>
    internal static readonly IReadOnlyList<string> PostgresStatements =
    [
        $"{PatchRow.Select} WHERE p.id = @id",
        "SELECT headers, content, diff FROM patch_bodies WHERE patch_id = @id",
        $"SELECT {ProjectRow.Columns} FROM projects WHERE id = (SELECT project_id FROM patches WHERE id = @id)",
        "SELECT patch_id, user_id, context, state FROM checks WHERE patch_id = @id ORDER BY id",
    ];

    private static readonly string PostgresSql = string.Join(";\n", PostgresStatements);

    /// <summary>The detail of patch <paramref name="id"/>, or null when there is no such patch.</summary>
    public static async Task<PatchDetail?> ReadAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection)
        {
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(PostgresSql, new { id }, cancellationToken: cancellationToken));
            return await FromResultsAsync(reader, cancellationToken);
        }

        if (await PatchStore.FindAsync(connection, id, cancellationToken) is not { } patch)
        {
            return null;
        }

        var body = await PatchStore.BodyAsync(connection, id, cancellationToken) ?? new BodyRow();
        var projects = await RefLoader.ProjectsAsync(connection, [patch.ProjectId], cancellationToken);
        var checks = await PatchStore.CheckSummaryAsync(connection, [id], cancellationToken);
        return new PatchDetail(patch, body, projects[patch.ProjectId], checks.GetValueOrDefault(id, "pending"));
    }

    /// <summary>Reads the four result sets of <see cref="PostgresStatements"/>, starting at the reader's current one.</summary>
    internal static async Task<PatchDetail?> FromResultsAsync(DbDataReader reader, CancellationToken cancellationToken)
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
        var checks = new List<(long PatchId, long UserId, string Context, string State)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checks.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
        }

        return patch is null || project is null
            ? null
            : new PatchDetail(patch, body, project, PatchStore.SummarizeChecks(checks).GetValueOrDefault(patch.Id, "pending"));
    }
}

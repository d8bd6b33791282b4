using Dapper;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>Projects and their maintainers.</summary>
internal sealed class ProjectStore(Database database)
{
    public async Task<long> AddAsync(string linkname, string name, string listId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var existing = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM projects WHERE lower(linkname) = lower(@linkname) OR list_id = @listId",
            new { linkname, listId },
            cancellationToken: cancellationToken));
        if (existing is not null)
        {
            throw new DataException($"project '{linkname}' or list-id '{listId}' already exists");
        }

        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO projects (linkname, name, list_id, list_email) VALUES (@linkname, @name, @listId, @listEmail) RETURNING id",
            new { linkname, name, listId, listEmail = ListEmailFor(listId) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ProjectRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProjectRow>(new CommandDefinition(
            $"SELECT {ProjectRow.Columns} FROM projects ORDER BY id", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>By numeric id, else by linkname (case-insensitive), as Patchwork's project lookups do.</summary>
    public async Task<ProjectRow?> FindAsync(string idOrLinkname, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var sql = long.TryParse(idOrLinkname, out _)
            ? $"SELECT {ProjectRow.Columns} FROM projects WHERE id = @id"
            : $"SELECT {ProjectRow.Columns} FROM projects WHERE lower(linkname) = lower(@name)";
        return await connection.QuerySingleOrDefaultAsync<ProjectRow>(new CommandDefinition(
            sql,
            new { id = long.TryParse(idOrLinkname, out var id) ? id : 0, name = idOrLinkname },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<UserRow>> MaintainersAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await MaintainersAsync(connection, projectId, cancellationToken);
    }

    /// <summary>The maintainers of a project, by user id, on an open connection.</summary>
    public static async Task<IReadOnlyList<UserRow>> MaintainersAsync(System.Data.Common.DbConnection connection, long projectId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(
            "SELECT u.id, u.username, u.first_name, u.last_name, u.email FROM maintainers m JOIN users u ON u.id = m.user_id WHERE m.project_id = @projectId ORDER BY u.id",
            new { projectId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<bool> IsMaintainerAsync(long userId, long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM maintainers WHERE project_id = @projectId AND user_id = @userId",
            new { projectId, userId },
            cancellationToken: cancellationToken)) is not null;
    }

    // Patchwork derives nothing from list-id; a list id like "dev.example.org" maps to dev@example.org by convention.
    private static string ListEmailFor(string listId)
    {
        var dot = listId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < listId.Length - 1 ? $"{listId[..dot]}@{listId[(dot + 1)..]}" : "";
    }
}

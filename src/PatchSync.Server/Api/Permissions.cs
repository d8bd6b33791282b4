using System.Data.Common;
using System.Text.Json;
using Dapper;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api;

/// <summary>Patchwork's edit rules: a project's maintainers, the patch's delegate, or its submitter's user.</summary>
internal static class Permissions
{
    public static async Task<bool> IsMaintainerAsync(DbConnection connection, long userId, long projectId, CancellationToken cancellationToken)
    {
        // Every write asks: kept prepared on a pooled SQLite connection (Statement).
        using var statement = Statement.For(connection, null, "SELECT 1 FROM maintainers WHERE project_id = @projectId AND user_id = @userId")
            .With("projectId", projectId).With("userId", userId);
        return await statement.Command.ExecuteScalarAsync(cancellationToken) is not (null or DBNull);
    }

    public static async Task<bool> CanEditPatchAsync(DbConnection connection, UserRow user, PatchRow patch, CancellationToken cancellationToken)
    {
        if (patch.DelegateId == user.Id || await IsMaintainerAsync(connection, user.Id, patch.ProjectId, cancellationToken))
        {
            return true;
        }

        using var statement = Statement.For(connection, null, "SELECT user_id FROM people WHERE id = @id").With("id", patch.SubmitterId);
        return await statement.Command.ExecuteScalarAsync(cancellationToken) is long submitterUser && submitterUser == user.Id;
    }

    /// <summary>A delegate must be null or the id of a maintainer of the patch's project.</summary>
    public static async Task<(bool Ok, long? DelegateId, string? Error)> CheckDelegateAsync(
        DbConnection connection, JsonElement value, long projectId, CancellationToken cancellationToken)
    {
        if (value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.GetString() == ""))
        {
            return (true, null, null);
        }

        var text = value.ToString();
        if (!long.TryParse(text, out var id))
        {
            return (false, null, $"Incorrect type. Expected pk value, received {(value.ValueKind == JsonValueKind.String ? "str" : "other")}.");
        }

        var username = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT username FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        if (username is null)
        {
            return (false, null, $"Invalid pk \"{id}\" - object does not exist.");
        }

        if (!await IsMaintainerAsync(connection, id, projectId, cancellationToken))
        {
            var project = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT linkname FROM projects WHERE id = @projectId", new { projectId }, cancellationToken: cancellationToken));
            return (false, null, $"User '{username}' is not a maintainer for project '{project}'");
        }

        return (true, id, null);
    }
}

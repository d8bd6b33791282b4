using System.Data.Common;
using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// The data version a list depends on: the sum of the change counters of the projects in scope. Every
/// write bumps its project's counter, so the sum changes whenever any row a list can show changes.
/// Lists not confined to projects (people, users, all patches) also count projects and users, which
/// the admin CLI adds without touching a project. Nothing is ever deleted, so every part only grows
/// and the sum changes on every change. One read of tiny tables: cheap enough to run before a 304.
/// </summary>
public static class ChangeVersion
{
    public static Task<long> GetAsync(DbConnection connection, IReadOnlyList<long>? projectIds, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            projectIds is null
                ? "SELECT COALESCE(SUM(change_seq), 0) + COUNT(*) + (SELECT COUNT(*) FROM users) FROM projects"
                : $"SELECT COALESCE(SUM(change_seq), 0) FROM projects WHERE id IN ({string.Join(",", projectIds.DefaultIfEmpty(0))})",
            cancellationToken: cancellationToken));
}

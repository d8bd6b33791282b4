using System.Data.Common;
using Dapper;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// The data version a list depends on: the sum of the change counters of the projects in scope. Every
/// write bumps its project's counter, so the sum changes whenever any row a list can show changes.
/// Lists not confined to projects (people, users, all patches) also count projects and users, which
/// the admin CLI adds without touching a project. The only rows ever deleted are bundles, and a
/// deletion bumps its project's counter too, so every part only grows and the sum changes on every change. One read of tiny tables: cheap enough to run before a 304.
/// </summary>
internal static class ChangeVersion
{
    /// <summary>The version of a list: a scalar query bound to the list's parameters (its project scope may be a subquery).</summary>
    public static string Sql(ListQuery query) => query.ProjectCondition("id") is { } scope
        ? $"SELECT COALESCE(SUM(change_seq), 0) FROM projects WHERE {scope}"
        : "SELECT COALESCE(SUM(change_seq), 0) + COUNT(*) + (SELECT COUNT(*) FROM users) FROM projects";

    /// <summary>
    /// The version a remembered page boundary of a patch list is read at: the sum of the patch list
    /// counters (<c>patch_list_seq</c>) in scope, which change only when a write may change which
    /// patches a filter matches or their order. Every writer bumps it in the same transaction as its
    /// change, so a boundary read at this version is right for any process's data. Null for other
    /// lists, whose boundaries use the data version (<see cref="Sql"/>).
    /// </summary>
    public static string? PatchListSql(ListQuery query) => query.Table != "patches" ? null
        : query.ProjectCondition("id") is { } scope
            ? $"SELECT COALESCE(SUM(patch_list_seq), 0) FROM projects WHERE {scope}"
            : "SELECT COALESCE(SUM(patch_list_seq), 0) + COUNT(*) + (SELECT COUNT(*) FROM users) FROM projects";

    public static Task<long> GetAsync(DbConnection connection, ListQuery query, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(Sql(query), query.Parameters, cancellationToken: cancellationToken));
}

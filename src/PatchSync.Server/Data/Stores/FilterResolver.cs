using System.Data.Common;
using Dapper;
using Npgsql;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Turns filter values into ids the way django-filter does: a number is a primary key, anything else
/// is matched case-insensitively on a name column. Any value that matches nothing makes the whole
/// filter invalid (null), which the list answers with <c>[]</c>.
/// </summary>
internal static class FilterResolver
{
    /// <summary>
    /// The <c>project</c> filter (one id or linkname): confines <paramref name="query"/> to that project,
    /// its change counter too. False when the value matches no project; true when there is no value.
    /// </summary>
    public static async Task<bool> WhereProjectAsync(DbConnection connection, ListQuery query, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return true;
        }

        if (connection is NpgsqlConnection)
        {
            // Resolved inside the page statement (one round trip fewer); a name that matches no
            // project gives NULL there, so the list is empty, as with MatchesNothing.
            var trimmed = value.Trim();
            query.ProjectScopeSql = long.TryParse(trimmed, out var id)
                ? query.Bind("{0}", id) // an id needs no lookup: an unknown one matches no row either
                : query.Bind("SELECT id FROM projects WHERE lower(linkname) = lower({0})", trimmed);
            query.Conditions.Add(query.ProjectCondition($"{query.Alias}.project_id")!);
            return true;
        }

        var ids = await ResolveAsync(connection, "projects", "lower(linkname)", [value], cancellationToken);
        if (ids is null)
        {
            return false;
        }

        query.WhereIn($"{query.Alias}.project_id", ids);
        query.ProjectScope = ids;
        return true;
    }

    /// <summary>The <c>submitter</c> filter (person ids or email addresses); false when a value matches no one.</summary>
    public static async Task<bool> WhereSubmittersAsync(DbConnection connection, ListQuery query, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            return true;
        }

        var ids = await ResolveAsync(connection, "people", "email_lower", values, cancellationToken);
        if (ids is null)
        {
            return false;
        }

        query.WhereIn($"{query.Alias}.submitter_id", ids);
        return true;
    }

    public static async Task<IReadOnlyList<long>?> ResolveAsync(
        DbConnection connection, string table, string nameColumn, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var ids = new List<long>(values.Count);
        foreach (var raw in values)
        {
            var value = raw.Trim();
            long? id = long.TryParse(value, out var n)
                ? await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    $"SELECT id FROM {table} WHERE id = @n", new { n }, cancellationToken: cancellationToken))
                : await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    $"SELECT id FROM {table} WHERE {nameColumn} = lower(@value)", new { value }, cancellationToken: cancellationToken));
            if (id is null)
            {
                return null;
            }

            ids.Add(id.Value);
        }

        return ids;
    }

    /// <summary>
    /// A boolean filter as django-filter's BooleanWidget reads it: true/false/1/0 (any case). Anything
    /// else (<c>both</c>, <c>garbage</c>) is null, which Patchwork takes as no filter at all (fixture 61's note).
    /// </summary>
    public static bool? ParseBooleanFilter(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    /// <summary>A boolean request field as DRF's BooleanField reads a string: true/false/1/0/yes/no/on/off (any case); null otherwise.</summary>
    public static bool? ParseBoolean(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };
}

using System.Data.Common;
using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Turns filter values into ids the way django-filter does: a number is a primary key, anything else
/// is matched case-insensitively on a name column. Any value that matches nothing makes the whole
/// filter invalid (null), which the list answers with <c>[]</c>.
/// </summary>
public static class FilterResolver
{
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

    /// <summary>django-filter's BooleanWidget: true/false/1/0 (any case); null when not a boolean.</summary>
    public static bool? ParseBoolean(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };
}

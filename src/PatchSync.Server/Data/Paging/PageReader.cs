using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// Runs the two cheap halves of a list request: the total (counts table, or COUNT over the covering
/// index when a filter is not one the counts table keys on) and the page's ids from the covering index
/// (OFFSET, or a keyset boundary remembered from the previous page).
/// </summary>
public sealed class PageReader(Database database, KeysetCache keysets)
{
    /// <summary>The page to serve, or null for "Invalid page." (404).</summary>
    public async Task<PagePlan?> PlanAsync(DbConnection connection, ListQuery query, PageRequest request, QueryTimings timings, CancellationToken cancellationToken)
    {
        if (request.Invalid)
        {
            return null;
        }

        long total;
        if (query.MatchesNothing)
        {
            total = 0;
        }
        else if (query.CachedTotal is { } cached && database.Options.UseCountCache)
        {
            var start = Stopwatch.GetTimestamp();
            total = await cached(connection, cancellationToken);
            timings.AddCount(start);
        }
        else
        {
            var start = Stopwatch.GetTimestamp();
            total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM {query.Table} {query.Alias}{query.WhereSql}",
                query.Parameters,
                cancellationToken: cancellationToken));
            timings.AddCount(start);
        }

        var lastPage = (int)Math.Max(1, (total + request.PerPage - 1) / request.PerPage);
        var number = request.Last ? lastPage : request.Page ?? 1;
        return number > lastPage ? null : new PagePlan(number, lastPage, total, request.PerPage);
    }

    /// <summary>The ids of the planned page, in order, from the narrow index.</summary>
    public async Task<IReadOnlyList<long>> ReadIdsAsync(DbConnection connection, ListQuery query, PagePlan plan, long version, QueryTimings timings, CancellationToken cancellationToken)
    {
        if (query.MatchesNothing || plan.Total == 0)
        {
            return [];
        }

        var start = Stopwatch.GetTimestamp();
        var keysetUsable = database.Options.UseKeysetCursor && query.Order.All(o => o.Descending == query.Order[0].Descending);
        var columns = string.Join(", ", query.Order.Select(o => o.Column));
        var conditions = new List<string>(query.Conditions);
        var parameters = new DynamicParameters(query.Parameters);
        var useOffset = true;
        if (keysetUsable && plan.Number > 1 && keysets.TryGet(KeysetCache.Key(query, version, plan.PerPage, plan.Number), out var boundary))
        {
            var names = boundary.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            for (var i = 0; i < boundary.Length; i++)
            {
                parameters.Add(names[i], boundary[i]);
            }

            var op = query.Order[0].Descending ? "<" : ">";
            conditions.Add(boundary.Length == 1 ? $"{columns} {op} {names[0]}" : $"({columns}) {op} ({string.Join(", ", names)})");
            useOffset = false;
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var sql = $"SELECT {columns} FROM {query.Table} {query.Alias}{where}{query.OrderSql} LIMIT {plan.PerPage.ToString(CultureInfo.InvariantCulture)}"
            + (useOffset ? $" OFFSET {plan.Offset.ToString(CultureInfo.InvariantCulture)}" : "");

        var ids = new List<long>(plan.PerPage);
        object?[]? last = null;
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
        {
            var idIndex = query.Order.Count - 1;
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(idIndex));
                if (keysetUsable)
                {
                    last ??= new object?[query.Order.Count];
                    for (var i = 0; i < last.Length; i++)
                    {
                        last[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }
                }
            }
        }

        // A null in the order key cannot be compared as a row value: such pages keep using OFFSET.
        if (last is not null && plan.Number < plan.LastPage && last.All(v => v is not null))
        {
            keysets.Set(KeysetCache.Key(query, version, plan.PerPage, plan.Number + 1), last);
        }

        timings.AddDb(start);
        return ids;
    }

    /// <summary>SQL text of the ids query for a page (for <c>db analyze</c> and plan tests).</summary>
    public static string IdsSql(ListQuery query, int perPage, long offset) =>
        $"SELECT {string.Join(", ", query.Order.Select(o => o.Column))} FROM {query.Table} {query.Alias}{query.WhereSql}{query.OrderSql} LIMIT {perPage.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}";
}

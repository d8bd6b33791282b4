using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// Runs the cheap head of a list request: the data version, the total (counts table, or COUNT over the
/// covering index when a filter is not one the counts table keys on) and the page's ids from the
/// covering index (OFFSET, or a keyset boundary remembered from the previous page). On PostgreSQL the
/// three are one statement (one round trip, one snapshot); on SQLite, where a query is an in-process
/// call, they run one after the other.
/// </summary>
internal sealed class PageReader(Database database, KeysetCache keysets)
{
    /// <summary>The data version of the list alone (for a conditional request, before any page work).</summary>
    public async Task<long> VersionAsync(DbConnection connection, ListQuery query, QueryTimings timings, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var version = await ChangeVersion.GetAsync(connection, query, cancellationToken);
        timings.AddDb(start);
        return version;
    }

    /// <summary>
    /// The version (unless <paramref name="knownVersion"/> is given), the plan and the ids of the
    /// requested page. The plan is null for an invalid page or one past the last.
    /// </summary>
    public async Task<ListRead> ReadAsync(
        DbConnection connection, ListQuery query, PageRequest request, long? knownVersion, QueryTimings timings, CancellationToken cancellationToken, PagePrefetch? prefetch = null)
    {
        if (request.Invalid)
        {
            return new ListRead(knownVersion ?? 0, null, []);
        }

        if (connection is NpgsqlConnection && !query.MatchesNothing)
        {
            return await ReadInOneStatementAsync(connection, query, request, knownVersion, prefetch, timings, cancellationToken);
        }

        var version = knownVersion ?? await VersionAsync(connection, query, timings, cancellationToken);
        var plan = await PlanAsync(connection, query, request, timings, cancellationToken);
        return plan is null
            ? new ListRead(version, null, [])
            : new ListRead(version, plan, await ReadIdsAsync(connection, query, plan, version, timings, cancellationToken));
    }

    /// <summary>
    /// Version, total and ids in one statement. The page number is known before the total except for
    /// <c>page=last</c>, which reads the ids in a second statement. A keyset boundary is used at
    /// whatever version it was read; when the statement shows the data changed since, the ids are read
    /// again with an OFFSET (a second round trip, only after a write). When the page's ids come from
    /// the start of the index or from a boundary, the <paramref name="prefetch"/> statements (the
    /// rows) follow in the same command, so the whole list is one round trip. An OFFSET read also
    /// fetches the row before the page, whose key is remembered as the page's own boundary: the next
    /// request for the same page at the same data version continues from it instead of skipping
    /// OFFSET rows again.
    /// </summary>
    private async Task<ListRead> ReadInOneStatementAsync(
        DbConnection connection, ListQuery query, PageRequest request, long? knownVersion, PagePrefetch? prefetch, QueryTimings timings, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var parameters = new DynamicParameters(query.Parameters);
        var totalSql = query.CachedTotalSql is { } cached && database.Options.UseCountCache
            ? cached
            : $"SELECT COUNT(*) FROM {query.Table} {query.Alias}{query.WhereSql}";
        var ctes = new List<string> { $"t (total) AS ({totalSql})" };
        var columns = new List<string> { "t.total" };
        var from = " FROM t";
        if (knownVersion is null)
        {
            ctes.Add($"v (version) AS ({ChangeVersion.Sql(query)})");
            columns.Add("v.version");
            from += " CROSS JOIN v";
        }

        // A patch list's boundaries are kept at its patch list version, which a write of a commit ref,
        // a comment or a check leaves as it was; other lists use the data version.
        var listVersionSql = ChangeVersion.PatchListSql(query);
        if (listVersionSql is not null)
        {
            ctes.Add($"lv (list_version) AS ({listVersionSql})");
            columns.Add("lv.list_version");
            from += " CROSS JOIN lv";
        }

        var number = request.Page ?? 1;
        var keysetUsable = KeysetUsable(query);
        long? boundaryVersion = null;
        var withRowBefore = false;
        var statements = new List<string>();
        if (!request.Last)
        {
            var conditions = new List<string>(query.Conditions);
            var offset = "";
            // The page size is written into the statement, not bound: with LIMIT as a parameter a cached
            // generic plan guesses a tenth of the table, so PostgreSQL plans every execution afresh.
            // A client uses one or two page sizes, so there are few such statements to prepare.
            var perPage = request.PerPage.ToString(CultureInfo.InvariantCulture);
            var limit = $" LIMIT {perPage}";
            if (keysetUsable && number > 1 && keysets.TryGetLatest(KeysetCache.Key(query, request.PerPage, number), out var keyVersion, out var boundary))
            {
                conditions.Add(BoundaryCondition(query, boundary, parameters));
                boundaryVersion = keyVersion;
            }
            else if (number > 1)
            {
                // One row more, the last of the previous page: its key is this page's boundary.
                withRowBefore = keysetUsable;
                offset = " OFFSET @page_offset";
                parameters.Add("page_offset", ((long)(number - 1) * request.PerPage) - (withRowBefore ? 1 : 0));
                limit = withRowBefore ? $" LIMIT {request.PerPage + 1}" : limit;
            }

            var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
            var keys = string.Join(", ", query.Order.Select((o, i) => $"{o.Column} AS k{i}"));
            ctes.Add($"k AS (SELECT {keys} FROM {query.Table} {query.Alias}{where}{query.OrderSql}{limit}{offset})");
            columns.Add("k.*");
            from += " LEFT JOIN k ON true ORDER BY " + string.Join(", ", query.Order.Select((o, i) => o.Descending ? $"k.k{i} DESC" : $"k.k{i}"));
            if (prefetch is not null && offset.Length == 0)
            {
                var idColumn = query.Order[^1].Column;
                // An array built from the subquery, not IN (subquery): the id lookups then plan as they do
                // for an array parameter, whatever a generic plan guesses for the LIMIT parameter.
                statements.AddRange(prefetch.Statements($"= ANY(ARRAY(SELECT {idColumn} FROM {query.Table} {query.Alias}{where}{query.OrderSql} LIMIT {perPage}))"));
            }
        }

        statements.Insert(0, $"WITH {string.Join(", ", ctes)} SELECT {string.Join(", ", columns)}{from}");
        long total = 0;
        var version = knownVersion ?? 0;
        long? listVersion = null;
        var ids = new List<long>(request.PerPage);
        object?[]? last = null;
        object?[]? before = null;
        var prefetched = false;
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(string.Join(";\n", statements), parameters, cancellationToken: cancellationToken)))
        {
            var listVersionIndex = knownVersion is null ? 2 : 1;
            var keyStart = listVersionIndex + (listVersionSql is null ? 0 : 1);
            var idIndex = keyStart + query.Order.Count - 1;
            while (await reader.ReadAsync(cancellationToken))
            {
                total = reader.GetInt64(0);
                if (knownVersion is null)
                {
                    version = reader.GetInt64(1);
                }

                if (listVersionSql is not null)
                {
                    listVersion = reader.GetInt64(listVersionIndex);
                }

                // No page rows: the LEFT JOIN gives one row of nulls.
                if (request.Last || reader.IsDBNull(idIndex))
                {
                    continue;
                }

                var key = new object?[query.Order.Count];
                for (var i = 0; i < key.Length; i++)
                {
                    key[i] = reader.IsDBNull(keyStart + i) ? null : reader.GetValue(keyStart + i);
                }

                if (withRowBefore && before is null)
                {
                    before = key;
                    continue;
                }

                ids.Add(reader.GetInt64(idIndex));
                last = key;
            }

            if (statements.Count > 1 && await reader.NextResultAsync(cancellationToken))
            {
                prefetched = await prefetch!.ReadAsync(reader, ids, cancellationToken);
            }
        }

        timings.AddDb(start);
        var lastPage = (int)Math.Max(1, (total + request.PerPage - 1) / request.PerPage);
        number = request.Last ? lastPage : number;
        if (number > lastPage)
        {
            return new ListRead(version, null, []);
        }

        var plan = new PagePlan(number, lastPage, total, request.PerPage);
        var keysetVersion = listVersion ?? version;
        if (request.Last || (boundaryVersion is { } used && used != keysetVersion))
        {
            prefetch?.Discard();
            return new ListRead(version, plan, await ReadIdsAsync(connection, query, plan, keysetVersion, timings, cancellationToken));
        }

        if (keysetUsable)
        {
            RememberBoundary(query, plan, keysetVersion, last);
            if (before is not null && before.All(v => v is not null))
            {
                keysets.Set(KeysetCache.Key(query, plan.PerPage, plan.Number), keysetVersion, before);
            }
        }

        if (!prefetched)
        {
            prefetch?.Discard();
        }

        return new ListRead(version, plan, total == 0 ? [] : ids);
    }

    private bool KeysetUsable(ListQuery query) =>
        database.Options.UseKeysetCursor && query.Order.All(o => o.Descending == query.Order[0].Descending);

    /// <summary><c>(order columns) &gt; (boundary)</c> (or &lt; when descending), with the boundary bound as parameters.</summary>
    private static string BoundaryCondition(ListQuery query, object?[] boundary, DynamicParameters parameters)
    {
        var columns = string.Join(", ", query.Order.Select(o => o.Column));
        var names = boundary.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < boundary.Length; i++)
        {
            parameters.Add(names[i], boundary[i]);
        }

        var op = query.Order[0].Descending ? "<" : ">";
        return boundary.Length == 1 ? $"{columns} {op} {names[0]}" : $"({columns}) {op} ({string.Join(", ", names)})";
    }

    // A null in the order key cannot be compared as a row value: such pages keep using OFFSET.
    private void RememberBoundary(ListQuery query, PagePlan plan, long version, object?[]? last)
    {
        if (last is not null && plan.Number < plan.LastPage && last.All(v => v is not null))
        {
            keysets.Set(KeysetCache.Key(query, plan.PerPage, plan.Number + 1), version, last);
        }
    }

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

    /// <summary>
    /// The ids of the planned page, in order, from the narrow index. <paramref name="version"/> is the
    /// version remembered boundaries are kept at (on PostgreSQL a patch list's list version).
    /// </summary>
    public async Task<IReadOnlyList<long>> ReadIdsAsync(DbConnection connection, ListQuery query, PagePlan plan, long version, QueryTimings timings, CancellationToken cancellationToken)
    {
        if (query.MatchesNothing || plan.Total == 0)
        {
            return [];
        }

        var start = Stopwatch.GetTimestamp();
        var keysetUsable = KeysetUsable(query);
        var columns = string.Join(", ", query.Order.Select(o => o.Column));
        var conditions = new List<string>(query.Conditions);
        var parameters = new DynamicParameters(query.Parameters);
        var useOffset = true;
        if (keysetUsable && plan.Number > 1 && keysets.TryGet(KeysetCache.Key(query, plan.PerPage, plan.Number), version, out var boundary))
        {
            conditions.Add(BoundaryCondition(query, boundary, parameters));
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

        RememberBoundary(query, plan, version, last);
        timings.AddDb(start);
        return ids;
    }

    /// <summary>SQL text of the ids query for a page (for <c>db analyze</c> and plan tests).</summary>
    public static string IdsSql(ListQuery query, int perPage, long offset) =>
        $"SELECT {string.Join(", ", query.Order.Select(o => o.Column))} FROM {query.Table} {query.Alias}{query.WhereSql}{query.OrderSql} LIMIT {perPage.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}";
}

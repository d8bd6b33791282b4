using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Analysis;

/// <summary>
/// Explains and times the page query of each list endpoint (<see cref="ListQueryCatalog"/>) on the
/// current data: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL.
/// </summary>
internal static partial class QueryAnalyzer
{
    public static async Task<IReadOnlyList<AnalyzedQuery>> AnalyzeAsync(Database database, int runs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var result = new List<AnalyzedQuery>();
        foreach (var (endpoint, query) in await ListQueryCatalog.BuildAsync(connection, database.Dialect, cancellationToken))
        {
            var sql = PageReader.IdsSql(query, PageRequest.DefaultPerPage, 0);
            var plan = await ExplainAsync(connection, database.Dialect, query, cancellationToken);
            var times = new List<TimeSpan>();
            for (var i = 0; i < Math.Max(1, runs); i++)
            {
                var start = Stopwatch.GetTimestamp();
                (await connection.QueryAsync(new CommandDefinition(sql, query.Parameters, cancellationToken: cancellationToken))).AsList();
                times.Add(Stopwatch.GetElapsedTime(start));
            }

            times.Sort();
            result.Add(new AnalyzedQuery(endpoint, sql, plan, IndexOf(plan), IsFullScan(database.Dialect, plan), Sorts(database.Dialect, plan), times[times.Count / 2]));
        }

        return result;
    }

    /// <summary>The plan of a list query's page-ids statement, one line per plan node.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(DbConnection connection, SqlDialect dialect, ListQuery query, CancellationToken cancellationToken)
    {
        var sql = dialect.ExplainPrefix + PageReader.IdsSql(query, PageRequest.DefaultPerPage, 0);
        var lines = new List<string>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, query.Parameters, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            // SQLite: (id, parent, notused, detail); PostgreSQL: one text column.
            lines.Add(reader.GetString(reader.FieldCount - 1));
        }

        return lines;
    }

    public static string? IndexOf(IReadOnlyList<string> plan)
    {
        foreach (var line in plan)
        {
            var match = IndexPattern().Match(line);
            if (match.Success)
            {
                return match.Groups["name"].Value;
            }
        }

        return null;
    }

    /// <summary>A table read row by row: SQLite "SCAN t" without an index, PostgreSQL "Seq Scan".</summary>
    public static bool IsFullScan(SqlDialect dialect, IReadOnlyList<string> plan) => dialect.IsSqlite
        ? plan.Any(l => l.TrimStart().StartsWith("SCAN ", StringComparison.Ordinal) && !l.Contains("INDEX", StringComparison.Ordinal))
        : plan.Any(l => l.Contains("Seq Scan", StringComparison.Ordinal));

    /// <summary>The result is sorted after reading: SQLite "USE TEMP B-TREE", PostgreSQL a Sort node.</summary>
    public static bool Sorts(SqlDialect dialect, IReadOnlyList<string> plan) => dialect.IsSqlite
        ? plan.Any(l => l.Contains("USE TEMP B-TREE", StringComparison.Ordinal))
        : plan.Any(l => SortPattern().IsMatch(l));

    [GeneratedRegex(@"(?:USING (?:COVERING |PRIMARY KEY)?INDEX |Index (?:Only )?Scan(?: Backward)? using |Bitmap Index Scan on )(?<name>\w+)")]
    private static partial Regex IndexPattern();

    [GeneratedRegex(@"^\s*(->\s*)?(Incremental )?Sort\b")]
    private static partial Regex SortPattern();
}

using System.Data.Common;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Builds the list query of GET /patches/ from its filters. Filters newer than the request's API
/// version are ignored (hash and msgid before 1.2), as Patchwork does. A value that matches nothing
/// (unknown project, state, person, user or series, malformed date) gives <c>[]</c>; an archived value
/// that is not a boolean is ignored instead, as django-filter's BooleanWidget does.
/// </summary>
internal static class PatchQueries
{
    // Patchwork's PatchList ordering_fields, less "check" (a reverse relation there, which repeats rows);
    // "delegate" is not one of them, so order=delegate falls back to id as on Patchwork.
    private static readonly Dictionary<string, string> OrderColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "p.id",
        ["name"] = "p.name",
        ["project"] = "p.project_id",
        ["date"] = "p.date",
        ["state"] = "p.state_id",
        ["archived"] = "p.archived",
        ["submitter"] = "p.submitter_id",
    };

    public static async Task<ListQuery> BuildAsync(
        DbConnection connection, SqlDialect dialect, PatchFilter filter, int minorVersion, CancellationToken cancellationToken)
    {
        var query = new ListQuery("patches", "p");
        IReadOnlyList<long>? stateIds = null;
        bool? archived = null;
        var countable = true;

        if (!await FilterResolver.WhereProjectAsync(connection, query, filter.Project, cancellationToken))
        {
            return Nothing(query);
        }

        if (filter.States.Count > 0)
        {
            var states = filter.States.Select(States.FindForFilter).ToList();
            if (states.Any(s => s is null))
            {
                return Nothing(query);
            }

            stateIds = states.Select(s => s!.Id).Distinct().ToList();
            query.WhereIn("p.state_id", stateIds);
        }

        if (filter.Archived is not null)
        {
            archived = FilterResolver.ParseBooleanFilter(filter.Archived);
            if (archived is not null)
            {
                query.Where("p.archived = {0}", archived.Value ? 1L : 0L);
            }
        }

        if (filter.Submitters.Count > 0)
        {
            if (!await FilterResolver.WhereSubmittersAsync(connection, query, filter.Submitters, cancellationToken))
            {
                return Nothing(query);
            }

            countable = false;
        }

        if (filter.Delegate is not null)
        {
            var ids = await FilterResolver.ResolveAsync(connection, "users", "lower(username)", [filter.Delegate], cancellationToken);
            if (ids is null)
            {
                return Nothing(query);
            }

            query.WhereIn("p.delegate_id", ids);
            countable = false;
        }

        if (filter.Series is not null)
        {
            if (!long.TryParse(filter.Series.Trim(), out var seriesId))
            {
                return Nothing(query);
            }

            query.Where("p.series_id = {0}", seriesId);
            countable = false;
        }

        if (minorVersion >= 2 && filter.Hash is not null)
        {
            query.Where("p.hash = {0}", filter.Hash.Trim().ToLowerInvariant());
            countable = false;
        }

        if (minorVersion >= 2 && filter.Msgid is not null)
        {
            query.Where("p.msgid = {0}", "<" + filter.Msgid.Trim().Trim('<', '>') + ">");
            countable = false;
        }

        if (filter.Since is not null)
        {
            if (!filter.Dates.TryParse(filter.Since, out var since))
            {
                return Nothing(query);
            }

            query.Where("p.date >= {0}", since);
            countable = false;
        }

        if (filter.Before is not null)
        {
            if (!filter.Dates.TryParse(filter.Before, out var before))
            {
                return Nothing(query);
            }

            query.Where("p.date < {0}", before);
            countable = false;
        }

        foreach (var term in SearchTerms.Split(filter.Q))
        {
            query.Where(dialect.ContainsCondition("p.name"), SearchTerms.ContainsPattern(term));
            countable = false;
        }

        ApplyOrder(query, filter.Order);
        if (countable)
        {
            query.CachedTotalSql = CountCacheSql(query.ProjectCondition("project_id"), stateIds, archived);
        }

        return query;
    }

    /// <summary>The order terms Patchwork accepts (comma-separated, '-' for descending); unknown ones are ignored.</summary>
    public static void ApplyOrder(ListQuery query, string? order, IReadOnlyDictionary<string, string>? columns = null, string idColumn = "p.id")
    {
        columns ??= OrderColumns;
        foreach (var term in (order ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var descending = term.StartsWith('-');
            if (columns.TryGetValue(descending ? term[1..] : term, out var column) && query.Order.All(o => o.Column != column))
            {
                query.Order.Add(new OrderColumn(column, descending));
            }
        }

        query.FinishOrder(idColumn);
    }

    /// <summary>The total as a sum over at most 22 rows of <c>patch_counts</c> (no COUNT over patches).</summary>
    private static string CountCacheSql(string? projectCondition, IReadOnlyList<long>? stateIds, bool? archived)
    {
        var conditions = new List<string>();
        if (projectCondition is not null)
        {
            conditions.Add(projectCondition);
        }

        if (stateIds is not null)
        {
            conditions.Add($"state_id IN ({string.Join(",", stateIds)})");
        }

        if (archived is not null)
        {
            conditions.Add($"archived = {(archived.Value ? 1 : 0)}");
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        return "SELECT COALESCE(SUM(n), 0) FROM patch_counts" + where;
    }

    private static ListQuery Nothing(ListQuery query)
    {
        query.MatchesNothing = true;
        query.FinishOrder("p.id");
        return query;
    }
}

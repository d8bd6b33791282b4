using System.Data.Common;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Builds the list query of GET /events/: newest first (<c>order=date</c> reverses), comment events
/// hidden before API 1.3 and the actor filter ignored before 1.2, as Patchwork does. Every filter takes
/// one value; one that matches nothing (an unknown category, project or id) gives <c>[]</c>.
/// </summary>
internal static class EventQueries
{
    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(StringComparer.Ordinal)
    {
        "cover-created", "patch-created", "patch-completed", "patch-state-changed", "patch-delegated",
        "patch-relation-changed", "check-created", "series-created", "series-completed",
        "cover-comment-created", "patch-comment-created",
    };

    public static async Task<ListQuery> BuildAsync(DbConnection connection, EventFilter filter, int minorVersion, CancellationToken cancellationToken)
    {
        var query = new ListQuery("events", "e");
        var countable = true;
        if (!await FilterResolver.WhereProjectAsync(connection, query, filter.Project, cancellationToken))
        {
            query.MatchesNothing = true;
        }

        var category = filter.Category;
        if (minorVersion < 3)
        {
            query.Conditions.Add("e.category NOT IN ('cover-comment-created', 'patch-comment-created')");
            countable = false;
        }

        if (category is not null)
        {
            if (!Categories.Contains(category))
            {
                query.MatchesNothing = true;
            }
            else
            {
                // Inlined: the value was checked against the fixed category list above.
                query.Conditions.Add($"e.category = '{category}'");
            }
        }

        foreach (var (value, column) in new[] { (filter.Series, "e.series_id"), (filter.Patch, "e.patch_id"), (filter.Cover, "e.cover_id"), (minorVersion >= 2 ? filter.Actor : null, "e.actor_id") })
        {
            if (value is null)
            {
                continue;
            }

            countable = false;
            if (long.TryParse(value.Trim(), out var id))
            {
                query.Where($"{column} = {{0}}", id);
            }
            else
            {
                query.MatchesNothing = true;
            }
        }

        foreach (var (text, op) in new[] { (filter.Since, ">="), (filter.Before, "<") })
        {
            if (text is null)
            {
                continue;
            }

            countable = false;
            if (filter.Dates.TryParse(text, out var micros))
            {
                query.Where($"e.date {op} {{0}}", micros);
            }
            else
            {
                query.MatchesNothing = true;
            }
        }

        query.Order.Add(new OrderColumn("e.date", filter.Order != "date"));
        query.FinishOrder("e.id");
        if (countable && !query.MatchesNothing)
        {
            query.CachedTotalSql = CountSql(query.ProjectCondition("project_id"), category);
        }

        return query;
    }

    private static string CountSql(string? projectCondition, string? category)
    {
        var kind = category is null ? "event" : "event:" + category;
        return $"SELECT COALESCE(SUM(n), 0) FROM row_counts WHERE kind = '{kind}'" + (projectCondition is null ? "" : " AND " + projectCondition);
    }
}

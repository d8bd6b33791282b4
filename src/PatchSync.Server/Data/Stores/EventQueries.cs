using System.Data.Common;
using Dapper;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Builds the list query of GET /events/: newest first (<c>order=date</c> reverses), comment events
/// hidden before API 1.3 and the actor filter ignored before 1.2, as Patchwork does.
/// </summary>
public static class EventQueries
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
        if (!await FilterResolver.WhereProjectsAsync(connection, query, filter.Projects, cancellationToken))
        {
            query.MatchesNothing = true;
        }

        var categories = filter.Categories;
        if (minorVersion < 3)
        {
            query.Conditions.Add("e.category NOT IN ('cover-comment-created', 'patch-comment-created')");
            countable = false;
        }

        if (categories.Count > 0)
        {
            if (categories.Any(c => !Categories.Contains(c)))
            {
                query.MatchesNothing = true;
            }
            else
            {
                // Inlined: every value was checked against the fixed category list above.
                query.Conditions.Add(categories.Count == 1
                    ? $"e.category = '{categories[0]}'"
                    : $"e.category IN ({string.Join(",", categories.Select(c => $"'{c}'"))})");
            }
        }

        foreach (var (values, column) in new[] { (filter.Series, "e.series_id"), (filter.Patches, "e.patch_id"), (filter.Covers, "e.cover_id"), (minorVersion >= 2 ? filter.Actors : [], "e.actor_id") })
        {
            if (values.Count == 0)
            {
                continue;
            }

            countable = false;
            var ids = values.Select(v => long.TryParse(v, out var n) ? n : -1).ToList();
            if (ids.Contains(-1))
            {
                query.MatchesNothing = true;
            }
            else
            {
                query.WhereIn(column, ids);
            }
        }

        foreach (var (text, op) in new[] { (filter.Since, ">="), (filter.Before, "<") })
        {
            if (text is null)
            {
                continue;
            }

            countable = false;
            if (DbTime.TryParse(text, out var micros))
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
            var scope = query.ProjectScope;
            query.CachedTotal = (c, ct) => CountAsync(c, scope, categories, ct);
        }

        return query;
    }

    private static async Task<long> CountAsync(DbConnection connection, IReadOnlyList<long>? projects, IReadOnlyList<string> categories, CancellationToken cancellationToken)
    {
        var kinds = categories.Count == 0 ? ["event"] : categories.Select(c => "event:" + c).ToList();
        var sql = "SELECT COALESCE(SUM(n), 0) FROM row_counts WHERE kind IN (" + string.Join(",", kinds.Select(k => $"'{k}'")) + ")"
            + (projects is null ? "" : $" AND project_id IN ({string.Join(",", projects)})");
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }
}

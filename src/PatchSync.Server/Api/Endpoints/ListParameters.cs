using PatchSync.Server.Data;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>The <c>q</c> and <c>order</c> parameters of the project, people, user, cover and series lists.</summary>
internal static class ListParameters
{
    /// <summary><c>q</c>: each term (<see cref="SearchTerms"/>) must occur in one of the named columns of the query's table.</summary>
    public static void ApplySearch(ListQuery query, HttpRequest request, SqlDialect dialect, params string[] columns)
    {
        foreach (var term in SearchTerms.Split(QueryValues.Last(request, "q")))
        {
            query.Where("(" + string.Join(" OR ", columns.Select(c => dialect.ContainsCondition($"{query.Alias}.{c}"))) + ")", SearchTerms.ContainsPattern(term));
        }
    }

    /// <summary><c>order</c>: by the named columns of the query's table (each ordered by its own name), then by id.</summary>
    public static void ApplyOrder(ListQuery query, HttpRequest request, params string[] columns) =>
        PatchQueries.ApplyOrder(
            query,
            QueryValues.Last(request, "order"),
            columns.ToDictionary(c => c, c => $"{query.Alias}.{c}", StringComparer.Ordinal),
            $"{query.Alias}.id");
}

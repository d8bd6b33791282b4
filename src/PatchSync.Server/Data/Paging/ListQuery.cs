using System.Globalization;
using System.Text;
using Dapper;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// A list endpoint's filter and order, built from query parameters by the API and run by
/// <see cref="PageReader"/>: first the ids of one page from a narrow index, then the rows by key.
/// </summary>
internal sealed class ListQuery(string table, string alias)
{
    private readonly StringBuilder _signature = new();
    private int _parameterCount;

    public string Table { get; } = table;

    public string Alias { get; } = alias;

    public List<string> Conditions { get; } = [];

    public DynamicParameters Parameters { get; } = new();

    public List<OrderColumn> Order { get; } = [];

    /// <summary>A filter value was invalid: Patchwork answers such lists with 200 and [].</summary>
    public bool MatchesNothing { get; set; }

    /// <summary>
    /// A scalar query of the total over the counts table when the filters are ones it keys on (bound to
    /// <see cref="Parameters"/>); null otherwise (then the total is a COUNT over the covering index).
    /// Run by <see cref="PageReader"/> (on PostgreSQL inside the page statement) and timed as "count".
    /// </summary>
    public string? CachedTotalSql { get; set; }

    /// <summary>Runs <see cref="CachedTotalSql"/> on its own; null when there is none.</summary>
    public Func<System.Data.Common.DbConnection, CancellationToken, Task<long>>? CachedTotal => CachedTotalSql is { } sql
        ? (connection, cancellationToken) => connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, Parameters, cancellationToken: cancellationToken))
        : null;

    /// <summary>Project ids the result is confined to, for the change counter (ETag, keyset cache); null = all.</summary>
    public IReadOnlyList<long>? ProjectScope { get; set; }

    /// <summary>
    /// Instead of <see cref="ProjectScope"/>: a scalar subquery or parameter (bound to <see cref="Parameters"/>) giving
    /// the one project the result is confined to, or NULL when the filter names no project. PostgreSQL
    /// lists resolve the project filter inside the page statement this way, saving a round trip.
    /// </summary>
    public string? ProjectScopeSql { get; set; }

    /// <summary>
    /// For a list whose rows depend on who asks (bundles: public ones plus the caller's own), the
    /// caller; it is part of the list's ETag, so one user's tag never answers 304 to another.
    /// </summary>
    public string? Viewer { get; set; }

    /// <summary>Whether the list is confined to projects (by ids or by a subquery).</summary>
    public bool IsProjectScoped => ProjectScope is not null || ProjectScopeSql is not null;

    /// <summary><c>column IN (ids)</c> or <c>column = (subquery)</c> for the project scope; null when not scoped.</summary>
    public string? ProjectCondition(string column) =>
        ProjectScopeSql is { } sql ? $"{column} = ({sql})"
        : ProjectScope is { } ids ? $"{column} IN ({string.Join(",", ids.DefaultIfEmpty(0).Select(i => i.ToString(CultureInfo.InvariantCulture)))})"
        : null;

    public string WhereSql => Conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", Conditions);

    public string OrderSql => " ORDER BY " + string.Join(", ", Order.Select(o => o.Descending ? o.Column + " DESC" : o.Column));

    /// <summary>A stable text of the filter and order (not the page), for caches.</summary>
    public string Signature => $"{Table}|{string.Join(" AND ", Conditions)}|{OrderSql}|{_signature}";

    /// <summary>Adds <c>condition</c> where <c>{0}</c> stands for a new parameter bound to <paramref name="value"/>.</summary>
    public void Where(string condition, object? value) => Conditions.Add(Bind(condition, value));

    /// <summary>Binds <paramref name="value"/> to a new parameter and returns <paramref name="sql"/> with <c>{0}</c> replaced by its name.</summary>
    public string Bind(string sql, object? value)
    {
        var name = "@f" + _parameterCount++.ToString(CultureInfo.InvariantCulture);
        Parameters.Add(name, value);
        _signature.Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(';');
        return string.Format(CultureInfo.InvariantCulture, sql, name);
    }

    /// <summary>Adds <c>column IN (...)</c> over integer values, inlined (they are parsed numbers, not text).</summary>
    public void WhereIn(string column, IReadOnlyCollection<long> values)
    {
        if (values.Count == 0)
        {
            MatchesNothing = true;
            return;
        }

        Conditions.Add(values.Count == 1
            ? $"{column} = {values.First().ToString(CultureInfo.InvariantCulture)}"
            : $"{column} IN ({string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))})");
    }

    /// <summary>Appends the id as last order term (same direction as the last term) so pages are stable.</summary>
    public void FinishOrder(string idColumn)
    {
        if (Order.Count == 0 || Order[^1].Column != idColumn)
        {
            var descending = Order.Count > 0 && Order[^1].Descending;
            Order.RemoveAll(o => o.Column == idColumn);
            Order.Add(new OrderColumn(idColumn, descending));
        }
    }
}

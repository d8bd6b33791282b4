using System.Globalization;
using System.Text;
using Dapper;

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// A list endpoint's filter and order, built from query parameters by the API and run by
/// <see cref="PageReader"/>: first the ids of one page from a narrow index, then the rows by key.
/// </summary>
public sealed class ListQuery(string table, string alias)
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
    /// Reads the total from the counts table when the filters are ones it keys on; null otherwise
    /// (then the total is a COUNT over the covering index). Run by <see cref="PageReader"/> and timed as "count".
    /// </summary>
    public Func<System.Data.Common.DbConnection, CancellationToken, Task<long>>? CachedTotal { get; set; }

    /// <summary>Project ids the result is confined to, for the change counter (ETag, keyset cache); null = all.</summary>
    public IReadOnlyList<long>? ProjectScope { get; set; }

    public string WhereSql => Conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", Conditions);

    public string OrderSql => " ORDER BY " + string.Join(", ", Order.Select(o => o.Descending ? o.Column + " DESC" : o.Column));

    /// <summary>A stable text of the filter and order (not the page), for caches.</summary>
    public string Signature => $"{Table}|{string.Join(" AND ", Conditions)}|{OrderSql}|{_signature}";

    /// <summary>Adds <c>condition</c> where <c>{0}</c> stands for a new parameter bound to <paramref name="value"/>.</summary>
    public void Where(string condition, object? value)
    {
        var name = "@f" + _parameterCount++.ToString(CultureInfo.InvariantCulture);
        Conditions.Add(string.Format(CultureInfo.InvariantCulture, condition, name));
        Parameters.Add(name, value);
        _signature.Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(';');
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

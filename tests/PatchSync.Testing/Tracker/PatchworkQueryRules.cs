namespace PatchSync.Testing.Tracker;

/// <summary>
/// How real Patchwork (3.1.3, django-filter) reads a list query, for test doubles that stand in for it:
/// only <c>state</c> and <c>submitter</c> take several values (ORed); every other parameter keeps its
/// LAST value when repeated (fixtures 56 and 61). A double that ORs repeated values hides client bugs.
/// </summary>
public static class PatchworkQueryRules
{
    /// <summary>The only filters that take several values.</summary>
    public static IReadOnlyCollection<string> MultiValued { get; } = ["state", "submitter"];

    /// <summary>The parameters of a raw query string (without or with the leading '?'), decoded, in order.</summary>
    public static IReadOnlyList<(string Name, string Value)> Parse(string rawQuery)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        var pairs = new List<(string, string)>();
        foreach (var part in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((Decode(name), Decode(value)));
        }

        return pairs;
    }

    /// <summary>The single-valued parameters a raw query repeats (what real Patchwork would silently reduce to the last value).</summary>
    public static IReadOnlyList<string> RepeatedSingleValued(string rawQuery) =>
        Parse(rawQuery).GroupBy(p => p.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1 && !MultiValued.Contains(g.Key))
            .Select(g => g.Key)
            .ToList();

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}

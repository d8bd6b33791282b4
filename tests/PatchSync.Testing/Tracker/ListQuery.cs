namespace PatchSync.Testing.Tracker;

/// <summary>
/// A list request's query string as Django reads it: a repeated parameter's LAST value is what
/// <c>QueryDict.get</c> gives, and only filters declared multi-valued (state, submitter) see them all.
/// </summary>
internal sealed class ListQuery(string rawQuery)
{
    public IReadOnlyList<(string Name, string Value)> Pairs { get; } = PatchworkQueryRules.Parse(rawQuery);

    /// <summary>The parameters in arrival order, decoded, as <c>name=value&amp;...</c> (for assertions).</summary>
    public string Text => string.Join('&', Pairs.Select(p => $"{p.Name}={p.Value}"));

    public string? Last(string name) => Pairs.LastOrDefault(p => p.Name == name) is { Name: not null } hit ? hit.Value : null;

    public string[] All(string name) => [.. Pairs.Where(p => p.Name == name).Select(p => p.Value)];
}

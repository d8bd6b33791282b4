namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// Query parameters as Django hands them to django-filter: a multiple-choice filter reads every value
/// (<see cref="Many"/>), any other filter reads the last one (<see cref="Last"/>, QueryDict.get). An
/// empty value is no value.
/// </summary>
internal static class QueryValues
{
    /// <summary>Every non-empty value: only for the filters Patchwork ORs (<c>state</c>, <c>submitter</c>).</summary>
    public static IReadOnlyList<string> Many(HttpRequest request, string name) =>
        request.Query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();

    /// <summary>The last value given, null when absent or empty: <c>?archived=false&amp;archived=true</c> is true.</summary>
    public static string? Last(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[^1]) ? v[^1] : null;
}

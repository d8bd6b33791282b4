namespace PatchSync.Server.Api.Endpoints;

/// <summary>Reads query parameters: repeated ones as lists (ORed by filters), single ones as the last value.</summary>
public static class QueryValues
{
    public static IReadOnlyList<string> Many(HttpRequest request, string name) =>
        request.Query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();

    public static string? One(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[^1]) ? v[^1] : null;
}

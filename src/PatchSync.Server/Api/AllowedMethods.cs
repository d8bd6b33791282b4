namespace PatchSync.Server.Api;

/// <summary>
/// DRF's <c>Allow</c> header and OPTIONS answer. DRF sends <c>Allow</c> on every API response, listing
/// the methods the view serves in its fixed order (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS), and
/// answers OPTIONS with 200 and a description of the view. The table is built from the routes the
/// server maps, so it lists what this server serves.
/// </summary>
internal static class AllowedMethods
{
    private static readonly string[] DrfOrder = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>
    /// Maps OPTIONS for every route already mapped under <c>/api/</c>, and sets <c>Allow</c> on the
    /// answers of those routes. Call after every API route is mapped.
    /// </summary>
    public static void MapOptionsAndAllow(WebApplication app)
    {
        var builder = (IEndpointRouteBuilder)app;
        var methodsByPattern = builder.DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .GroupBy(endpoint => endpoint.RoutePattern.RawText!, StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group => Format(group.SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])),
                StringComparer.Ordinal);

        foreach (var (pattern, allow) in methodsByPattern)
        {
            app.MapMethods(pattern, ["OPTIONS"], (HttpContext http) => OptionsAsync(http, allow)).WithMetadata(new AllowHeader(allow));
        }

        // Runs after routing has chosen the endpoint, so every answer of an API route carries Allow.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } && methodsByPattern.TryGetValue(pattern, out var allow))
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Allow = allow;
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
    }

    private static string Format(IEnumerable<string> methods)
    {
        var set = new HashSet<string>(methods, StringComparer.OrdinalIgnoreCase) { "OPTIONS" };
        return string.Join(", ", DrfOrder.Where(set.Contains));
    }

    /// <summary>DRF's SimpleMetadata answer, without the browsable API's per-field <c>actions</c>.</summary>
    private static Task OptionsAsync(HttpContext http, string allow)
    {
        var api = new ApiContext(http);
        http.Response.Headers.Allow = allow;
        return ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("renders");
            w.WriteStringValue("application/json");
            w.WriteEndArray();
            w.WriteStartArray("parses");
            w.WriteStringValue("application/json");
            w.WriteStringValue("application/x-www-form-urlencoded");
            w.WriteStringValue("multipart/form-data");
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private sealed record AllowHeader(string Value);

}

namespace PatchSync.Server.Api.Endpoints;

/// <summary>GET /api/ and /api/1.N/: absolute links to each collection.</summary>
internal static class RootEndpoints
{
    private static readonly string[] Collections = ["projects", "users", "people", "patches", "covers", "series", "events", "bundles"];

    public static void Map(IEndpointRouteBuilder group) => group.MapRead("", RootAsync);

    private static Task RootAsync(HttpContext http)
    {
        var api = new ApiContext(http);
        return ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var name in Collections)
            {
                w.WriteString(name, api.Api(name + "/"));
            }

            w.WriteEndObject();
        });
    }
}

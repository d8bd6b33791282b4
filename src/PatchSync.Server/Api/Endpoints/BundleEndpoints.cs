using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Api.Endpoints;

/// <summary>
/// GET /bundles/: the root advertises bundles (clients such as git-pw list them), but this server
/// stores none, so the list is always empty, with Patchwork's paging header.
/// </summary>
public static class BundleEndpoints
{
    public static void Map(IEndpointRouteBuilder group) => group.MapRead("bundles/", ListAsync);

    private static Task ListAsync(HttpContext http)
    {
        var api = new ApiContext(http);
        var request = PageRequest.Parse(http.Request.Query["page"].LastOrDefault(), http.Request.Query["per_page"].LastOrDefault());
        if (request.Invalid || (request.Page ?? 1) > 1)
        {
            return ApiResponses.DetailAsync(api, StatusCodes.Status404NotFound, ApiResponses.InvalidPage);
        }

        http.Response.Headers.Link = LinkHeader.Build(api, new PagePlan(1, 1, 0, request.PerPage));
        return ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            w.WriteEndArray();
        });
    }
}

using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Api;

/// <summary>
/// The common shape of every list endpoint: ETag/If-None-Match from the change counter (no query
/// runs for a 304), page planning (404 "Invalid page."), ids from the index, rows by key, the Link
/// header and a bare JSON array.
/// </summary>
public sealed class ListResponder(PageReader pages)
{
    /// <summary>Loads the rows of a page and returns the writer of its array items.</summary>
    public delegate Task<Action<Utf8JsonWriter>> PageWriter(DbConnection connection, IReadOnlyList<long> ids, PagePlan plan);

    public async Task RespondAsync(ApiContext api, DbConnection connection, ListQuery query, PageWriter load, CancellationToken cancellationToken)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var version = await ChangeVersion.GetAsync(connection, query.ProjectScope, cancellationToken);
        api.Timings.AddDb(start);
        var etag = ETagFor(api, version);
        api.Http.Response.Headers.ETag = etag;
        if (api.Http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            api.Http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var request = PageRequest.Parse(api.Http.Request.Query["page"].LastOrDefault(), api.Http.Request.Query["per_page"].LastOrDefault());
        var plan = await pages.PlanAsync(connection, query, request, api.Timings, cancellationToken);
        if (plan is null)
        {
            api.Http.Response.Headers.ETag = default;
            await ApiResponses.DetailAsync(api, StatusCodes.Status404NotFound, ApiResponses.InvalidPage);
            return;
        }

        var ids = await pages.ReadIdsAsync(connection, query, plan, version, api.Timings, cancellationToken);
        start = System.Diagnostics.Stopwatch.GetTimestamp();
        var writeItems = await load(connection, ids, plan);
        api.Timings.AddDb(start);
        api.Http.Response.Headers.Link = LinkHeader.Build(api, plan);
        await ApiResponses.WriteAsync(api, StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            writeItems(w);
            w.WriteEndArray();
        });
    }

    private static string ETagFor(ApiContext api, long version)
    {
        var key = $"{version}|{api.Http.Request.Host}|{api.Http.Request.Path}|{api.Http.Request.QueryString}";
        return $"\"{version:x}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 8)}\"";
    }
}

using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Api;

/// <summary>
/// The common shape of every list endpoint: ETag/If-None-Match from the change counter (no query
/// runs for a 304), page planning (404 "Invalid page."), ids from the index, rows by key, the Link
/// header and a bare JSON array.
/// </summary>
internal sealed class ListResponder(PageReader pages)
{
    /// <summary>Loads the rows of a page and returns the writer of its array items.</summary>
    public delegate Task<Action<Utf8JsonWriter>> PageWriter(DbConnection connection, IReadOnlyList<long> ids, PagePlan plan);

    /// <summary>
    /// Answers the list request. <paramref name="prefetch"/>, when given, lets PostgreSQL read the
    /// page's rows in the head's round trip; <paramref name="load"/> then finds them there.
    /// </summary>
    public async Task RespondAsync(ApiContext api, DbConnection connection, ListQuery query, PageWriter load, CancellationToken cancellationToken, PagePrefetch? prefetch = null)
    {
        // A conditional request reads the version alone first, so a 304 costs no page work; otherwise
        // the version comes with the page (one statement on PostgreSQL).
        long? knownVersion = null;
        if (api.Http.Request.Headers.IfNoneMatch.Count > 0)
        {
            knownVersion = await pages.VersionAsync(connection, query, api.Timings, cancellationToken);
            var tag = ETagFor(api, knownVersion.Value, query.Viewer);
            if (api.Http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == tag || t.Trim() == "*")))
            {
                api.Http.Response.Headers.ETag = tag;
                api.Http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        var request = PageRequest.Parse(api.Http.Request.Query["page"].LastOrDefault(), api.Http.Request.Query["per_page"].LastOrDefault());
        var (version, plan, ids) = await pages.ReadAsync(connection, query, request, knownVersion, api.Timings, cancellationToken, prefetch);
        if (plan is null)
        {
            await ApiResponses.DetailAsync(api, StatusCodes.Status404NotFound, ApiResponses.InvalidPage);
            return;
        }

        api.Http.Response.Headers.ETag = ETagFor(api, version, query.Viewer);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
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

    private static string ETagFor(ApiContext api, long version, string? viewer)
    {
        var key = $"{version}|{api.Http.Request.Host}|{api.Http.Request.Path}|{api.Http.Request.QueryString}";
        if (viewer is not null)
        {
            key += "|" + viewer;
        }

        return $"\"{version:x}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 8)}\"";
    }
}

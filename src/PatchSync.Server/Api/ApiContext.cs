using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api;

/// <summary>
/// What every handler needs to know about its request: the API version (unversioned = newest), the
/// absolute origin for building URLs (from the Host header, as Patchwork does), the caller and timings.
/// </summary>
internal sealed class ApiContext
{
    public const int NewestMinor = 3;

    public ApiContext(HttpContext http)
    {
        Http = http;
        var path = http.Request.Path.Value ?? "/";
        Minor = NewestMinor;
        Prefix = "/api/";
        if (path.Length >= 9 && path.StartsWith("/api/1.", StringComparison.Ordinal) && path[8] == '/' && char.IsDigit(path[7]))
        {
            Minor = path[7] - '0';
            Prefix = path[..9];
        }

        Origin = $"{http.Request.Scheme}://{http.Request.Host.Value}";
        Timings = http.Features.Get<QueryTimings>() ?? new QueryTimings();
        User = http.Items[AuthMiddleware.UserKey] as UserRow;
    }

    public HttpContext Http { get; }

    /// <summary>The minor version of API 1.x that shapes the response.</summary>
    public int Minor { get; }

    /// <summary><c>/api/</c> or <c>/api/1.N/</c>: links keep the prefix the request used.</summary>
    public string Prefix { get; }

    public string Origin { get; }

    public UserRow? User { get; }

    public QueryTimings Timings { get; }

    public bool AtLeast(int minor) => Minor >= minor;

    public string Api(string relative) => Origin + Prefix + relative;

    /// <summary>Patchwork builds some nested links (patch comments/checks) without the version prefix.</summary>
    public string ApiUnversioned(string relative) => Origin + "/api/" + relative;

    public string Web(string relative) => Origin + "/" + relative;
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PatchSync.Testing;

namespace PatchSync.Cli.Tests.Checking;

/// <summary>
/// Answers like the real Patchwork 3.1.3 captured in <c>../shared/fixtures/patchwork-real</c> (project
/// <c>testproj</c>, maintainer user 1 'maintainer', user 2 'plainuser'): a rejected token is 403 on every
/// request, the user list needs a token, and only the token's own user record carries <c>settings</c>.
/// Counts every request that is not a GET, which must stay zero.
/// </summary>
internal sealed class CapturedPatchworkHandler : HttpMessageHandler
{
    public const string MaintainerToken = "maintainer-token";
    public const string PlainUserToken = "plainuser-token";

    private readonly string _newestVersion;

    /// <param name="newestVersion">The newest API version the server routes (older Patchwork: "1.1").</param>
    public CapturedPatchworkHandler(string newestVersion = "1.3") => _newestVersion = newestVersion;

    public static string? Folder => SharedFixtures.File("patchwork-real");

    public static bool Available => Folder is not null && File.Exists(Path.Combine(Folder, "index.json"));

    public int Writes { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var response = Route(request);
        // Refit reads the request back from the response (as the socket handler sets it).
        response.RequestMessage = request;
        return response;
    }

    private HttpResponseMessage Route(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Get)
        {
            Writes++;
            return Answer(HttpStatusCode.MethodNotAllowed, """{"detail":"not in this test"}""");
        }

        var token = request.Headers.Authorization?.Parameter;
        if (token is not null && token != MaintainerToken && token != PlainUserToken)
        {
            return Answer(HttpStatusCode.Forbidden, Read("25-users-bad-token.json"));
        }

        var path = request.RequestUri!.AbsolutePath;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && parts[1].StartsWith("1.", StringComparison.Ordinal) && string.CompareOrdinal(parts[1], _newestVersion) > 0)
        {
            return Answer(HttpStatusCode.NotFound, "<h1>Not Found</h1>", "text/html");
        }

        var rest = parts.Length >= 2 ? string.Join('/', parts.Skip(2)) : string.Empty;
        return rest switch
        {
            _ when parts.Length == 1 => Answer(HttpStatusCode.OK, Read("01-api-root.json")),
            "" => Answer(HttpStatusCode.OK, Read("02-api-1.3-root.json")),
            "users" => token is null ? Answer(HttpStatusCode.Forbidden, Read("24-users-no-token.json")) : Answer(HttpStatusCode.OK, Read("23-users-with-token.json")),
            "users/1" or "users/2" => UserRecord(long.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture), token),
            "projects" => Answer(HttpStatusCode.OK, Read("04-projects.json")),
            "projects/testproj" or "projects/2" => Answer(HttpStatusCode.OK, Read("06-project-detail-by-linkname.json")),
            _ => Answer(HttpStatusCode.NotFound, """{"detail":"Not found."}"""),
        };
    }

    /// <summary>The entry of the user list, plus <c>settings</c> when it is the token's own (API 1.2+).</summary>
    private HttpResponseMessage UserRecord(long id, string? token)
    {
        if (token is null)
        {
            return Answer(HttpStatusCode.Forbidden, Read("24-users-no-token.json"));
        }

        var user = JsonNode.Parse(Read("23-users-with-token.json"))!.AsArray().Single(u => u!["id"]!.GetValue<long>() == id)!.DeepClone().AsObject();
        var own = (id == 1 && token == MaintainerToken) || (id == 2 && token == PlainUserToken);
        if (own && string.CompareOrdinal(_newestVersion, "1.2") >= 0)
        {
            user["settings"] = JsonNode.Parse(Read("52-user-detail-self.json"))!["settings"]!.DeepClone();
        }

        return Answer(HttpStatusCode.OK, user.ToJsonString());
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(Folder!, file));

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, string type = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, type) };
}

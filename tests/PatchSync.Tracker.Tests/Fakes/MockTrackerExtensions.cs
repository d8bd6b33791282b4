using PatchSync.Testing.Tracker;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PatchSync.Tracker.Tests.Fakes;

/// <summary>Short ways to stub Patchwork answers on a <see cref="MockTracker"/>.</summary>
public static class MockTrackerExtensions
{
    public static void Json(this MockTracker mock, string path, int status, string body, string method = "GET", params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        mock.Server.Given(Strict(Request.Create().WithPath(path).UsingMethod(method), method)).RespondWith(response);
    }

    /// <summary>
    /// Makes a stub answer only what real Patchwork would read as the test means it: a query that repeats a
    /// single-valued filter (Patchwork keeps only the last value) and a body without <c>Content-Length</c>
    /// (Patchwork reads a chunked body as empty) do not match, so the client gets WireMock's 404.
    /// </summary>
    public static IRequestBuilder Strict(IRequestBuilder request, string method)
    {
        ArgumentNullException.ThrowIfNull(request);
        request = request.WithUrl(url => PatchworkQueryRules.RepeatedSingleValued(new Uri(url).Query).Count == 0);
        return method is "PATCH" or "POST" or "PUT" ? request.WithHeader("Content-Length", "*") : request;
    }

    /// <summary>Answers <paramref name="first"/> once, then <paramref name="then"/> for every later request.</summary>
    public static void Sequence(this MockTracker mock, string path, string method, IResponseBuilder first, IResponseBuilder then)
    {
        var scenario = Guid.NewGuid().ToString("N");
        mock.Server.Given(Strict(Request.Create().WithPath(path).UsingMethod(method), method))
            .InScenario(scenario).WillSetStateTo("answered").RespondWith(first);
        mock.Server.Given(Strict(Request.Create().WithPath(path).UsingMethod(method), method))
            .InScenario(scenario).WhenStateIs("answered").RespondWith(then);
    }

    public static IResponseBuilder JsonResponse(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    /// <summary>Serves the API root and the 1.3 root so discovery settles on 1.3.</summary>
    public static void Api13(this MockTracker mock)
    {
        var root = OwnFixtures.Read("api-root.json");
        mock.Json("/api/", 200, root);
        mock.Json("/api/1.3/", 200, root);
    }
}

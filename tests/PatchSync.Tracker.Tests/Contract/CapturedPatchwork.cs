using System.Text.Json;
using PatchSync.Testing;
using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace PatchSync.Tracker.Tests.Contract;

/// <summary>
/// Replays responses captured from a real Patchwork 3.1.3 (<c>../shared/fixtures/patchwork-real</c>) on
/// a WireMock server: each chosen capture answers its method and path with its status, headers and body.
/// </summary>
public static class CapturedPatchwork
{
    public static string? Folder => SharedFixtures.File("patchwork-real");

    public static bool Available => Folder is not null && File.Exists(Path.Combine(Folder, "index.json"));

    /// <summary>Registers the captures whose body file starts with one of <paramref name="prefixes"/> (e.g. "06-").</summary>
    public static void Serve(MockTracker mock, params string[] prefixes) => Serve(mock, exactQuery: false, prefixes);

    private static void Serve(MockTracker mock, bool exactQuery, string[] prefixes)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder!, "index.json")));
        foreach (var capture in index.RootElement.GetProperty("captures").EnumerateArray())
        {
            var bodyFile = capture.GetProperty("body_file").GetString()!;
            if (!prefixes.Any(p => bodyFile.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            var url = new Uri(capture.GetProperty("url").GetString()!);
            var response = Response.Create()
                .WithStatusCode(capture.GetProperty("status").GetInt32())
                .WithBody(File.ReadAllBytes(Path.Combine(Folder!, bodyFile)));
            foreach (var line in File.ReadAllLines(Path.Combine(Folder!, capture.GetProperty("headers_file").GetString()!)).Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = colon > 0 ? line[..colon] : "";
                if (name is "Content-Type" or "Link" or "Allow")
                {
                    // Links point at the capturing server; rewrite them to the mock so a client could follow them.
                    response = response.WithHeader(name, line[(colon + 1)..].Trim().Replace("http://127.0.0.1:8000/", mock.Url.ToString(), StringComparison.Ordinal));
                }
            }

            var request = Request.Create().WithPath(url.AbsolutePath).UsingMethod(capture.GetProperty("method").GetString()!);
            if (exactQuery)
            {
                // Only the request the capture was made with gets its answer: the client's query is checked.
                var captured = Normalize(url.Query);
                request = request.WithUrl(u => Normalize(new Uri(u).Query).SequenceEqual(captured));
            }

            mock.Server.Given(request).RespondWith(response);
        }
    }

    /// <summary>
    /// Like <see cref="Serve"/>, but a capture answers only its exact query (the same parameters and values,
    /// in any order; <c>page=1</c> counts as no page): anything else gets WireMock's 404.
    /// </summary>
    public static void ServeExact(MockTracker mock, params string[] prefixes) => Serve(mock, exactQuery: true, prefixes);

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> with a capture's body and headers (e.g. 58 for a PATCH with another body).</summary>
    public static void ServeAt(MockTracker mock, string bodyFile, string method, string path, IRequestBuilder? request = null)
    {
        ArgumentNullException.ThrowIfNull(mock);
        var response = MockTrackerExtensions.JsonResponse(200, Read(bodyFile));
        mock.Server.Given(request ?? Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
    }

    private static List<string> Normalize(string query) =>
        [.. PatchworkQueryRules.Parse(query).Where(p => !(p.Name == "page" && p.Value == "1")).Select(p => $"{p.Name}={p.Value}").Order(StringComparer.Ordinal)];

    public static string Read(string bodyFile) => File.ReadAllText(Path.Combine(Folder!, bodyFile));
}

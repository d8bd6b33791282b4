using System.Text.Json;
using PatchSync.Testing;
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
    public static void Serve(MockTracker mock, params string[] prefixes)
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

            mock.Server.Given(Request.Create().WithPath(url.AbsolutePath).UsingMethod(capture.GetProperty("method").GetString()!)).RespondWith(response);
        }
    }

    public static string Read(string bodyFile) => File.ReadAllText(Path.Combine(Folder!, bodyFile));
}

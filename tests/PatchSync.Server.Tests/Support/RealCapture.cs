using System.Text.Json;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Support;

/// <summary>One captured response of the real Patchwork server: status, headers and JSON body.</summary>
public sealed record RealCapture(int Status, IReadOnlyDictionary<string, string> Headers, JsonElement Body)
{
    public static RealCapture Load(string name)
    {
        var body = JsonDocument.Parse(File.ReadAllText(SharedFixtures.File("patchwork-real", name + ".json")!)).RootElement.Clone();
        var lines = File.ReadAllLines(SharedFixtures.File("patchwork-real", name + ".headers")!);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RealCapture(status, headers, body);
    }

    public IReadOnlyList<(string Rel, string Url)> Links => LinkHeaders.Parse(Headers.TryGetValue("Link", out var link) ? link : null);
}

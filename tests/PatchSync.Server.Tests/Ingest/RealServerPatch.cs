using System.Text.Json;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>A patch as the real Patchwork server listed it after ingesting the shared mails.</summary>
internal sealed record RealServerPatch(
    int Id, string MessageId, string Name, string Date, string? Hash, string? SubmitterName, string SubmitterEmail, string? PullUrl, int? SeriesId, int? SeriesVersion, string? SeriesName)
{
    /// <summary>All 143 patches of project testproj (the per_page=250 capture), by Message-ID without angle brackets.</summary>
    public static IReadOnlyDictionary<string, RealServerPatch> LoadAll()
    {
        var path = SharedFixtures.File("patchwork-real", "55-patches-per-page-over-max.json")
            ?? throw new InvalidOperationException(SharedFixtures.MissingMessage);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var patches = new Dictionary<string, RealServerPatch>(StringComparer.Ordinal);
        foreach (var p in json.RootElement.EnumerateArray())
        {
            var msgid = p.GetProperty("msgid").GetString()!;
            var submitter = p.GetProperty("submitter");
            var series = p.GetProperty("series");
            var patch = new RealServerPatch(
                p.GetProperty("id").GetInt32(),
                msgid.Trim('<', '>'),
                p.GetProperty("name").GetString()!,
                p.GetProperty("date").GetString()!,
                p.GetProperty("hash").GetString(),
                submitter.GetProperty("name").GetString(),
                submitter.GetProperty("email").GetString()!,
                p.GetProperty("pull_url").GetString(),
                series.GetArrayLength() > 0 ? series[0].GetProperty("id").GetInt32() : null,
                series.GetArrayLength() > 0 ? series[0].GetProperty("version").GetInt32() : null,
                series.GetArrayLength() > 0 ? series[0].GetProperty("name").GetString() : null);
            patches[patch.MessageId] = patch;
        }

        return patches;
    }
}

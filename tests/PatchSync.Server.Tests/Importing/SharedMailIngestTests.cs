using System.Text.Json;
using PatchSync.Server.Tests.Support;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Importing;

/// <summary>
/// Ingests the generated series and review replies that the real Patchwork server was loaded from
/// (../shared/fixtures/patchwork-mail/generated) and compares what the API then shows with the real
/// server's patch list for the same mails: names, dates, submitters, hashes and series membership.
/// </summary>
public sealed class SharedMailIngestTests : IAsyncLifetime
{
    private TempSqliteDatabase? _file;
    private ApiServer? _server;

    public async Task InitializeAsync()
    {
        if (SharedFixtures.Path is null)
        {
            return;
        }

        _file = await TempSqliteDatabase.CreateAsync("pwsync-shared-ingest", ("testproj", "Test Project", "test.example.com"));
        var importer = new PatchSync.Server.Importing.MailImporter(_file.Database, TimeProvider.System);
        await importer.ImportAsync(
            "testproj",
            [SharedFixtures.File("patchwork-mail", "generated", "generated.mbox")!, SharedFixtures.File("patchwork-mail", "generated", "replies.mbox")!],
            TextWriter.Null,
            CancellationToken.None);
        _server = await ApiServer.StartAsync(_file.Database);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _file?.Dispose();
    }

    [SharedFixtureFact]
    public async Task Ingest_GeneratedSeries_MatchesRealServerPatchList()
    {
        var (ours, byMsgid, expected) = await OursAndRealAsync();

        // 112 mails: 96 patches and 16 cover letters.
        Assert.Equal(96, ours.GetArrayLength());
        Assert.Equal(96, expected.Count);
        foreach (var r in expected)
        {
            var o = byMsgid[r.GetProperty("msgid").GetString()!];
            foreach (var field in new[] { "name", "date", "hash" })
            {
                Assert.Equal(r.GetProperty(field).ToString(), o.GetProperty(field).ToString());
            }

            Assert.Equal(r.GetProperty("submitter").GetProperty("email").GetString(), o.GetProperty("submitter").GetProperty("email").GetString());
        }
    }

    // Includes "[PATCH 2/9] … (v2)" of Series 17: a "(vN)" in the name does not split a threaded series.
    [SharedFixtureFact]
    public async Task Ingest_GeneratedSeries_SameSeriesAsRealServer()
    {
        var (_, byMsgid, expected) = await OursAndRealAsync();
        foreach (var r in expected)
        {
            var o = byMsgid[r.GetProperty("msgid").GetString()!];
            Assert.Equal(SeriesOf(r).GetProperty("name").GetString(), SeriesOf(o).GetProperty("name").GetString());
            Assert.Equal(SeriesOf(r).GetProperty("version").GetInt32(), SeriesOf(o).GetProperty("version").GetInt32());
        }

        // Same partition into series: patches together on the real server are together here.
        var realGroups = expected.GroupBy(p => SeriesOf(p).GetProperty("id").GetInt64()).Select(g => string.Join(" ", g.Select(p => p.GetProperty("msgid").GetString()).Order())).Order();
        var ourGroups = byMsgid.Values.GroupBy(p => SeriesOf(p).GetProperty("id").GetInt64()).Select(g => string.Join(" ", g.Select(p => p.GetProperty("msgid").GetString()).Order())).Order();
        Assert.Equal(realGroups, ourGroups);
    }

    [SharedFixtureFact]
    public async Task Ingest_Replies_BecomeCommentsOnTheirPatches()
    {
        var (_, events) = await _server!.GetAsync("/api/events/?category=patch-comment-created&per_page=250");

        Assert.Equal(32, events.GetArrayLength());
        var patchId = events[0].GetProperty("payload").GetProperty("patch").GetProperty("id").GetInt64();
        var (_, comments) = await _server.GetAsync($"/api/patches/{patchId}/comments/");
        Assert.True(comments.GetArrayLength() >= 1);
        Assert.StartsWith("Re:", comments[0].GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement SeriesOf(JsonElement patch) => patch.GetProperty("series")[0];

    /// <summary>Our patch list, it by msgid, and the real server's patches with those msgids.</summary>
    private async Task<(JsonElement Ours, Dictionary<string, JsonElement> ByMsgid, List<JsonElement> Expected)> OursAndRealAsync()
    {
        var (_, ours) = await _server!.GetAsync("/api/patches/?per_page=250");
        var real = RealCapture.Load("55-patches-per-page-over-max").Body;
        var byMsgid = ours.EnumerateArray().ToDictionary(p => p.GetProperty("msgid").GetString()!);
        var expected = real.EnumerateArray().Where(p => byMsgid.ContainsKey(p.GetProperty("msgid").GetString()!)).ToList();
        return (ours, byMsgid, expected);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;
using Xunit.Abstractions;

namespace PatchSync.Tracker.Tests.Contract;

/// <summary>
/// Issue 9: the quirks of a real Patchwork 3.1.3 that made pwsync fail silently (fixtures 56-61). The client
/// is run against the captures served only for the exact query they were made with, and the strict
/// <see cref="SyntheticPatchwork"/> is checked to answer the same requests the way the captures do. The
/// capture halves return early, saying so, when ../shared/fixtures is absent.
/// </summary>
public sealed class RealServerQuirksTests(ITestOutputHelper output)
{
    private static readonly DateTime CaptureSince = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);

    private bool CapturesMissing()
    {
        if (CapturedPatchwork.Available)
        {
            return false;
        }

        output.WriteLine(Testing.SharedFixtures.MissingMessage);
        return true;
    }

    private static List<JsonElement> Items(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    // --- the client against the captures, each answered only for its exact query ---

    [Fact]
    public async Task ListEventsAsync_OneCategory_AsksExactlyWhatCapture57Answers()
    {
        if (CapturesMissing())
        {
            return;
        }

        using var mock = new MockTracker();
        CapturedPatchwork.ServeExact(mock, "06-", "56-", "57-");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.PageSize = 5; });

        var events = await client.ListEventsAsync(new EventQuery { Project = "testproj", Categories = [EventCategories.PatchStateChanged] })
            .Take(5).ToListAsync();

        Assert.Equal([200035L, 200034L, 200033L, 200032L, 200031L], events.Select(e => e.Id));
        Assert.All(events, e => Assert.Equal(EventCategories.PatchStateChanged, e.Category));
    }

    [Fact]
    public async Task ListEventsAsync_SinceUtc_IsSentNaiveAndGetsCapture60NotTheEmpty59()
    {
        if (CapturesMissing())
        {
            return;
        }

        using var mock = new MockTracker();
        CapturedPatchwork.ServeExact(mock, "06-", "59-", "60-");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.PageSize = 5; });

        var events = await client.ListEventsAsync(new EventQuery { Project = "testproj", Since = CaptureSince }).Take(5).ToListAsync();

        Assert.Equal(5, events.Count);
        Assert.Equal(200035, events[0].Id);
    }

    [Fact]
    public async Task UpdatePatchAsync_AnsweredLikeCapture58_ThrowsNotApplied()
    {
        if (CapturesMissing())
        {
            return;
        }

        using var mock = new MockTracker();
        CapturedPatchwork.ServeAt(mock, "58-patch-update-chunked-body.json", "PATCH", "/api/1.3/patches/143/");
        using var client = TestClients.Create(mock.Url, o => { o.ApiVersion = "1.3"; o.Token = "maint"; });

        var ex = await Assert.ThrowsAsync<TrackerUpdateNotAppliedException>(() => client.UpdatePatchAsync(143, new PatchUpdate { State = "rfc" }));

        Assert.Equal("patch 143: the tracker answered 200 but still holds state 'accepted' (asked 'rfc'): the change was not applied", ex.Message);
    }

    // --- the strict synthetic Patchwork answers as the captures do ---

    [Fact]
    public async Task Events_TwoCategories_SyntheticLikeCapture56KeepsOnlyTheLast()
    {
        var fake = new SyntheticPatchwork(20);
        fake.AddEvent("patch-state-changed", CaptureSince, patchId: 1, previousState: "new", currentState: "accepted");
        fake.AddEvent("series-completed", CaptureSince.AddSeconds(1), seriesId: 1);
        fake.AddEvent("patch-state-changed", CaptureSince.AddSeconds(2), patchId: 2, previousState: "new", currentState: "rfc");
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var http = new HttpClient { BaseAddress = server.Url };

        var synthetic = Items(await http.GetStringAsync("api/1.3/events/?project=synth&category=patch-state-changed&category=series-completed&per_page=5"));

        Assert.Equal(["series-completed"], synthetic.Select(e => e.GetProperty("category").GetString()));
        if (!CapturesMissing())
        {
            var captured = Items(CapturedPatchwork.Read("56-events-two-categories.json"));
            Assert.NotEmpty(captured);
            Assert.All(captured, e => Assert.Equal("series-completed", e.GetProperty("category").GetString()));
        }
    }

    [Fact]
    public async Task Patch_ChunkedBody_SyntheticLikeCapture58AnswersUnchanged()
    {
        var fake = new SyntheticPatchwork(20);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var http = new HttpClient { BaseAddress = server.Url };
        var before = fake.Patches[4].State;
        Assert.NotEqual("rfc", before);

        using var request = new HttpRequestMessage(HttpMethod.Patch, "api/1.3/patches/5/") { Content = new ChunkedJson("{\"state\":\"rfc\"}") { Headers = { ContentType = new("application/json") } } };
        request.Headers.Add("Authorization", "Token maint");
        using var response = await http.SendAsync(request);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, answer.RootElement.GetProperty("state").GetString());
        Assert.Equal(before, fake.Patches[4].State);
        Assert.Empty(fake.Events);
        if (!CapturesMissing())
        {
            using var captured = JsonDocument.Parse(CapturedPatchwork.Read("58-patch-update-chunked-body.json"));
            Assert.Equal("accepted", captured.RootElement.GetProperty("state").GetString()); // asked rfc
        }
    }

    [Fact]
    public async Task Events_AwareSince_SyntheticLikeCapture59FindsNothingWhereNaiveFinds()
    {
        var fake = new SyntheticPatchwork(20);
        fake.AddEvent("patch-state-changed", CaptureSince.AddMinutes(59), patchId: 1, previousState: "new", currentState: "accepted");
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var http = new HttpClient { BaseAddress = server.Url };

        var aware = Items(await http.GetStringAsync("api/1.3/events/?project=synth&since=2026-12-03T08:00:00%2B00:00&per_page=5"));
        var zulu = Items(await http.GetStringAsync("api/1.3/events/?project=synth&since=2026-12-03T08:00:00Z&per_page=5"));
        var naive = Items(await http.GetStringAsync("api/1.3/events/?project=synth&since=2026-12-03T08:00:00&per_page=5"));

        Assert.Empty(aware);
        Assert.Empty(zulu);
        Assert.Single(naive);
        if (!CapturesMissing())
        {
            Assert.Empty(Items(CapturedPatchwork.Read("59-events-since-with-offset.json")));
            Assert.NotEmpty(Items(CapturedPatchwork.Read("60-events-since-naive.json")));
        }
    }

    [Fact]
    public async Task Patches_ArchivedTwice_SyntheticLikeCapture61KeepsTheLast()
    {
        var fake = new SyntheticPatchwork(200);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var http = new HttpClient { BaseAddress = server.Url };

        var lastTrue = Items(await http.GetStringAsync("api/1.3/patches/?project=synth&archived=false&archived=true&per_page=250"));
        var lastFalse = Items(await http.GetStringAsync("api/1.3/patches/?project=synth&archived=true&archived=false&per_page=250"));
        var both = Items(await http.GetStringAsync("api/1.3/patches/?project=synth&archived=both&per_page=250"));
        var garbage = Items(await http.GetStringAsync("api/1.3/patches/?project=synth&archived=garbage&per_page=250"));
        var twoProjects = Items(await http.GetStringAsync("api/1.3/patches/?project=synth&project=nope&per_page=250"));

        Assert.Equal(fake.Patches.Count(p => p.Archived), lastTrue.Count);
        Assert.All(lastTrue, p => Assert.True(p.GetProperty("archived").GetBoolean()));
        Assert.Equal(fake.Patches.Count(p => !p.Archived), lastFalse.Count);
        Assert.Equal(200, both.Count);
        Assert.Equal(200, garbage.Count);
        Assert.Empty(twoProjects);
        if (!CapturesMissing())
        {
            var captured = Items(CapturedPatchwork.Read("61-patches-archived-two-values.json"));
            Assert.Equal(15, captured.Count);
            Assert.All(captured, p => Assert.True(p.GetProperty("archived").GetBoolean()));
        }
    }

    [Fact]
    public async Task Patches_StateTwice_SyntheticOrsTheValues()
    {
        var fake = new SyntheticPatchwork(200);
        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var http = new HttpClient { BaseAddress = server.Url };

        var either = Items(await http.GetStringAsync("api/1.3/patches/?project=synth&state=accepted&state=Under-Review&per_page=250"));

        Assert.Equal(fake.Patches.Count(p => p.State is "accepted" or "under-review"), either.Count);
    }

    /// <summary>A JSON body of unknown length, so HttpClient sends it chunked (what Refit did before issue 9).</summary>
    private sealed class ChunkedJson(string json) : HttpContent
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(json);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

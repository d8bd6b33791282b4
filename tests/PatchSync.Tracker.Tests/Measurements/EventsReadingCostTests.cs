using System.Diagnostics;
using System.Globalization;
using PatchSync.Testing.Tracker;
using PatchSync.Tracker.Tests.Fakes;
using Xunit.Abstractions;

namespace PatchSync.Tracker.Tests.Measurements;

/// <summary>
/// Which way of reading several event categories is cheaper on Patchwork, where a repeated <c>category</c>
/// keeps only the last value: (a) one listing per category, or (b) no category filter, filtered here.
/// A 100k-patch project with 1% changed since the last run, under Patchwork's cost model (every list request
/// runs a COUNT, 20-170 ms, plus ~1 ms per serialised item; one server process, so requests do not overlap).
/// Numbers: docs/benchmarks.md, "Events reading". Run with
/// <c>dotnet test tests/PatchSync.Tracker.Tests --filter FullyQualifiedName~EventsReadingCost --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class EventsReadingCostTests(ITestOutputHelper output)
{
    // The time scale of the measured run: 1/10 of Patchwork's times, so the test takes seconds.
    private const double Scale = 0.1;
    private const double CountMs = 100;
    private const double ItemMs = 1;

    private static readonly DateTime WindowStart = new(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc);

    // What the engine asks for (PatchworkClient.EventCategoryFilter, the client as ITracker).
    private static readonly string[] Needed =
        [EventCategories.PatchCreated, EventCategories.PatchStateChanged, EventCategories.PatchDelegated, EventCategories.CheckCreated, EventCategories.SeriesCompleted];

    // A busy project's day with 1% of 100k patches changing state: 1000 state changes, as many new patches
    // (each completed, with 3 CI checks and 2 review comments), a series per 3 patches, a cover per 2 series.
    private static readonly (string Category, int Count)[] BusyDay =
    [
        (EventCategories.PatchStateChanged, 1000), (EventCategories.PatchCreated, 1000), (EventCategories.PatchCompleted, 1000),
        (EventCategories.CheckCreated, 3000), (EventCategories.PatchCommentCreated, 2000), (EventCategories.SeriesCreated, 330),
        (EventCategories.SeriesCompleted, 330), (EventCategories.CoverCreated, 150), (EventCategories.CoverCommentCreated, 150),
        (EventCategories.PatchDelegated, 100),
    ];

    [Fact]
    public async Task EventsReadingCost_PerCategoryVersusUnfiltered_PerCategoryIsCheaper()
    {
        var quiet = BusyDay.Select(c => (c.Category, Math.Max(1, c.Count / 500))).ToArray();
        await MeasureAsync(quiet, filterOnServer: true); // warm-up: JIT and Kestrel, not measured
        var perCategory = await MeasureAsync(BusyDay, filterOnServer: true);
        var unfiltered = await MeasureAsync(BusyDay, filterOnServer: false);
        var small = await MeasureAsync(quiet, filterOnServer: true);
        var smallUnfiltered = await MeasureAsync(quiet, filterOnServer: false);

        output.WriteLine("strategy | requests | items served | events kept | server time at COUNT 20 / 100 / 170 ms | wall of this run (server times x0.1, plus the local double and client)");
        Report("busy day (9060 events): (a) one listing per category", perCategory);
        Report("busy day (9060 events): (b) no category filter", unfiltered);
        Report("10-minute run (20 events): (a) one listing per category", small);
        Report("10-minute run (20 events): (b) no category filter", smallUnfiltered);

        Assert.Equal(perCategory.Kept, unfiltered.Kept);
        Assert.True(perCategory.ServerMs(CountMs) < unfiltered.ServerMs(CountMs), "one listing per category should cost the server less");
    }

    private void Report(string name, Result r) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name} | {r.Requests} | {r.Items} | {r.Kept} | {r.ServerMs(20) / 1000:F1} / {r.ServerMs(100) / 1000:F1} / {r.ServerMs(170) / 1000:F1} s | {r.Wall.TotalSeconds:F2} s"));

    private static async Task<Result> MeasureAsync((string Category, int Count)[] mix, bool filterOnServer)
    {
        long requests = 0, items = 0;
        var fake = new SyntheticPatchwork(100_000, seed: 9)
        {
            EventsOneAtATime = true,
            EventsLatency = r =>
            {
                Interlocked.Increment(ref requests);
                Interlocked.Add(ref items, r.Items);
                return TimeSpan.FromMilliseconds((CountMs + (r.Items * ItemMs)) * Scale);
            },
        };
        var random = new Random(4);
        var all = mix.SelectMany(c => Enumerable.Repeat(c.Category, c.Count)).OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            fake.AddEvent(all[i], WindowStart.AddSeconds(i * 86400.0 / all.Count), patchId: random.Next(1, 100_001), seriesId: random.Next(1, 20_000));
        }

        await using var server = await SyntheticPatchworkServer.StartAsync(fake);
        using var client = TestClients.Create(server.Url, o => o.ApiVersion = "1.3");
        var query = new EventQuery { Project = "synth", Since = WindowStart, Categories = filterOnServer ? Needed : null };
        var clock = Stopwatch.StartNew();
        var kept = 0;
        await foreach (var e in client.ListEventsAsync(query))
        {
            if (Needed.Contains(e.Category))
            {
                kept++;
            }
        }

        return new Result(requests, items, kept, clock.Elapsed);
    }

    private sealed record Result(long Requests, long Items, int Kept, TimeSpan Wall)
    {
        public double ServerMs(double countMs) => (Requests * countMs) + (Items * ItemMs);
    }
}

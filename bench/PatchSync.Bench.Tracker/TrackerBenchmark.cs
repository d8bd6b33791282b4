using System.Diagnostics;
using System.Globalization;
using PatchSync.Testing;
using PatchSync.Tracker;

namespace PatchSync.Bench.Tracker;

/// <summary>Runs the scenarios against stub child processes and prints one line per run.</summary>
internal static class TrackerBenchmark
{
    public static async Task<int> RunAsync(int patches, bool patchworkModelOnly)
    {
        Console.WriteLine($"PatchSync.Bench.Tracker: {patches} patches, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        if (patchworkModelOnly)
        {
            return await RunPatchworkModelAsync(patches);
        }

        Console.WriteLine("## Throughput (stub without added latency, plain pages of 250, order=id)");
        Console.WriteLine("K   patches   seconds   patches/s   peak RSS MB   requests   http s   json s");
        await using (var stub = await StubProcess.StartAsync(patches, LatencyModel.None))
        {
            await ListAsync(stub.Url, 4, PagingMode.Pages, "id", quiet: true); // warm-up (JIT, connections)
            foreach (var k in new[] { 1, 4, 8 })
            {
                PeakRss.Reset();
                var run = await ListAsync(stub.Url, k, PagingMode.Pages, "id");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{k,-3} {run.Count,7}   {run.Seconds,7:F2}   {run.Count / run.Seconds,9:F0}   {PeakRss.Megabytes(),11:F1}   {run.Requests,8}   {run.Http,6:F2}   {run.Json,6:F2}"));
            }
        }

        foreach (var (model, skewed) in new[] { (LatencyModel.Offset, false), (LatencyModel.OffsetAndSince, false), (LatencyModel.Offset, true) })
        {
            Console.WriteLine();
            Console.WriteLine($"## Deep paging, latency model '{model.Name}'{(skewed ? ", uneven traffic" : "")} (order=date; 1/20 of Patchwork's times)");
            Console.WriteLine("K   mode     patches   seconds   patches/s   requests");
            await using var stub = await StubProcess.StartAsync(patches, model, skewed);
            foreach (var k in new[] { 4, 8 })
            {
                foreach (var mode in new[] { PagingMode.Pages, PagingMode.Slices })
                {
                    var run = await ListAsync(stub.Url, k, mode, "date");
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{k,-3} {mode,-7}  {run.Count,7}   {run.Seconds,7:F2}   {run.Count / run.Seconds,9:F0}   {run.Requests,8}"));
                }
            }
        }

        Console.WriteLine();
        return await RunPatchworkModelAsync(patches);
    }

    /// <summary>
    /// The clients of issue 9 against <see cref="PatchworkCostModel"/> (a real Patchwork's costs on one core),
    /// listing as a first sync does: the project, date order, <c>since</c> = the epoch.
    /// </summary>
    private static async Task<int> RunPatchworkModelAsync(int patches)
    {
        Console.WriteLine($"## Patchwork cost model (one core, FIFO; times scaled by {PatchworkCostModel.TimeScale}; 'Patchwork s' = seconds / scale)");
        await using var stub = await StubProcess.StartAsync(patches, LatencyModel.Patchwork);
        var epochs = new (string Name, DateTime Since)[]
        {
            ("epoch before the first patch", new DateTime(2014, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            ("epoch after the first 10% of patches", new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(patches / 10 * 2)),
        };
        var clients = new (string Name, int K, PagingMode Mode, bool AnyOrder)[]
        {
            ("one page ahead (pwnm-sync's way)", 1, PagingMode.Pages, false),
            ("plain pages", 4, PagingMode.Pages, false),
            ("always slices", 4, PagingMode.Slices, false),
            ("Auto, in date order", 4, PagingMode.Auto, false),
            ("Auto, any order (pwsync sync)", 4, PagingMode.Auto, true),
        };
        var failed = false;
        using var served = new HttpClient { BaseAddress = stub.Url };
        async Task<double> ServedSecondsAsync() =>
            double.Parse(await served.GetStringAsync(StubServer.ServedPath.TrimStart('/')), CultureInfo.InvariantCulture) / 1000;
        foreach (var (epochName, since) in epochs)
        {
            Console.WriteLine();
            Console.WriteLine($"### {epochName} (since={since:yyyy-MM-ddTHH:mm:ss})");
            Console.WriteLine("client                              K   patches   seconds   Patchwork s   server s   requests   vs one page ahead (wall / server)");
            double? baseline = null;
            double? baselineServer = null;
            int? baselineCount = null;
            foreach (var (name, k, mode, anyOrder) in clients)
            {
                var before = await ServedSecondsAsync();
                var run = await ListAsync(stub.Url, k, mode, order: null, since: since, anyOrder: anyOrder);
                var server = await ServedSecondsAsync() - before;
                baseline ??= run.Seconds;
                baselineServer ??= server;
                baselineCount ??= run.Count;
                if (run.Count != baselineCount)
                {
                    Console.WriteLine($"MISMATCH: {name} listed {run.Count} patches, one page ahead {baselineCount}");
                    failed = true;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-35} {k,-3} {run.Count,7}   {run.Seconds,7:F2}   {run.Seconds / PatchworkCostModel.TimeScale,11:F0}   {server,8:F0}   {run.Requests,8}   {baseline.Value / run.Seconds,6:F2}x / {baselineServer.Value / server,4:F2}x"));
            }
        }

        // Auto must cost nothing on a server whose pages do not slow down with depth (pwsync-server): same
        // requests as plain pages, give or take its one-item probes.
        Console.WriteLine();
        Console.WriteLine("## Flat latency (stub without added latency, like pwsync-server): plain pages vs Auto, K = 4, best of 3");
        Console.WriteLine("epoch                                  client                          seconds   requests");
        await using (var flat = await StubProcess.StartAsync(patches, LatencyModel.None))
        {
            await ListAsync(flat.Url, 4, PagingMode.Pages, "date", quiet: true); // warm-up (JIT, connections)
            foreach (var (epochName, since) in epochs)
            {
                foreach (var (name, mode, anyOrder) in new[] { ("plain pages", PagingMode.Pages, false), ("Auto, any order (pwsync sync)", PagingMode.Auto, true) })
                {
                    var runs = new List<Run>();
                    for (var i = 0; i < 3; i++)
                    {
                        runs.Add(await ListAsync(flat.Url, 4, mode, order: null, since: since, anyOrder: anyOrder));
                    }

                    var best = runs.MinBy(r => r.Seconds)!;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{epochName,-38} {name,-31} {best.Seconds,7:F2}   {best.Requests,8}"));
                }
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task<Run> ListAsync(Uri url, int k, PagingMode mode, string? order, bool quiet = false, DateTime? since = null, bool anyOrder = false)
    {
        using var client = PatchworkClientFactory.Create(new PatchworkClientOptions
        {
            BaseUrl = url,
            MaxInFlight = k,
            ApiVersion = "1.3",
        });
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var count = 0;
        long lastId = 0;
        var ids = new HashSet<long>();
        await foreach (var patch in client.ListPatchesAsync(new PatchQuery { Project = "synth", Order = order, Paging = mode, Since = since, AnyOrder = anyOrder }))
        {
            count++;
            lastId = patch.Id; // touch the item so nothing is optimised away
            ids.Add(patch.Id);
        }

        if (ids.Count != count)
        {
            throw new InvalidOperationException($"{count - ids.Count} patches listed twice");
        }

        clock.Stop();
        if (!quiet && lastId == 0)
        {
            throw new InvalidOperationException("no patches listed");
        }

        var t = client.Timings;
        return new Run(count, clock.Elapsed.TotalSeconds, t.Counter(TrackerDefaults.RequestsCounter),
            t.Elapsed(TrackerDefaults.HttpPhase).TotalSeconds, t.Elapsed(TrackerDefaults.JsonPhase).TotalSeconds);
    }

    private sealed record Run(int Count, double Seconds, long Requests, double Http, double Json);
}

// Benchmark for PatchSync.Tracker (results and command in docs/benchmarks.md, "Tracker client").
//   dotnet run -c Release --project bench/PatchSync.Bench.Tracker [-- --patches 100000]
// 1. Throughput: lists N patches from a local stub (no added latency) with K = 1, 4, 8 requests in flight;
//    prints patches/s and the benchmark process's peak RSS (the stub runs in a child process).
// 2. Deep paging: the stub answers with latency growing with OFFSET like Patchwork on PostgreSQL (scaled
//    1/20); compares plain page numbers with date slices, K = 4 and 8, under two latency models, and
//    once more on uneven traffic (most patches in the last part of the date span).
// 3. Patchwork cost model (--patchwork-model runs only this): a real Patchwork's measured cost per request on
//    one core (PatchworkCostModel), first-sync listings with since=epoch: one page ahead vs plain pages K=4 vs
//    always slices vs Auto in date order vs Auto in any order (what pwsync sync asks for), wall and server time;
//    then plain pages vs Auto any order on a stub without added latency.
using PatchSync.Bench.Tracker;

if (args.Length > 0 && args[0] == "serve")
{
    return await StubServer.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), LatencyModel.Parse(args[3]), args.Length > 4 && args[4] == "skewed");
}

var patches = 100_000;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--patches")
    {
        patches = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

return await TrackerBenchmark.RunAsync(patches, args.Contains("--patchwork-model"));

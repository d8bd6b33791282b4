// Benchmark for pwsync-server (issue 3): bulk data, then list/PATCH latency over real HTTP with the
// covering indexes and count cache on, and again with both off. See docs/benchmarks.md ("Server").
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using PatchSync.Bench.Server;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Migrations;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Hosting;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}

var directory = Path.Combine(Path.GetTempPath(), "pwsync-bench-" + Guid.NewGuid().ToString("N")[..8]);
var dbPath = options.Db ?? Path.Combine(directory, "bench.sqlite");
var ct = CancellationToken.None;
using var database = Database.Open(dbPath);
await Migrator.MigrateAsync(database, ct);
var fill = await DataGenerator.FillAsync(database, options, ct);
var users = new UserStore(database);
await users.AddAsync("maint", "maint@example.org", "proj1", ct);
var token = await users.NewTokenAsync("maint", ct);
await using (var connection = await database.OpenConnectionAsync(ct))
{
    // On PostgreSQL, VACUUM also sets the visibility map, without which an index-only scan still
    // visits the heap (autovacuum would do it a while after a bulk load).
    await connection.ExecuteAsync(database.Dialect.IsSqlite ? "ANALYZE" : "VACUUM ANALYZE", commandType: System.Data.CommandType.Text, commandTimeout: 3600);
}

if (options.FillOnly)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data: {options.Patches} patches, bulk insert {fill.TotalSeconds:0.0} s"));
    return 0;
}

if (options.TwoServerRequests is { } requests)
{
    if (database.Dialect.IsSqlite)
    {
        Console.Error.WriteLine("bench: --two-servers needs a PostgreSQL --db");
        return 2;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data: {options.Patches} patches, bulk insert {fill.TotalSeconds:0.0} s"));
    return await TwoServers.RunAsync(database, token, requests, ct);
}

int deep;
await using (var connection = await database.OpenConnectionAsync(ct))
{
    var newInProject1 = await connection.ExecuteScalarAsync<long>("SELECT SUM(n) FROM patch_counts WHERE project_id = 1 AND state_id = 1");
    deep = (int)Math.Clamp((newInProject1 / 100) - 1, 2, 1000);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data: {options.Patches} patches in {options.Projects} projects, {database.Dialect.Name} {database.DisplayName}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bulk insert: {fill.TotalSeconds:0.0} s = {options.Patches / fill.TotalSeconds:0} patches/s (rows, bodies, events, counts)"));

var on = await RunAsync(database, options.Requests);
await using (var connection = await database.OpenConnectionAsync(ct))
{
    foreach (var (name, _) in CoveringIndexes.All)
    {
        await connection.ExecuteAsync($"DROP INDEX IF EXISTS {name}");
    }
}

using var baselineDb = database.WithOptions(new DataOptions { UseCountCache = false, UseCoveringIndexes = false, UseKeysetCursor = false });
var off = await RunAsync(baselineDb, options.BaselineRequests);

Console.WriteLine();
Console.WriteLine("request (project=proj1&state=new, per_page=100)   indexes+counts p50/p99 ms   without p50/p99 ms   ratio p50");
foreach (var key in on.Keys)
{
    var (a, b) = (on[key], off[key]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-58} {a.P50,8:0.00} / {a.P99,8:0.00}   {b.P50,8:0.00} / {b.P99,8:0.00}   {b.P50 / a.P50,7:0.0}x"));
}

if (options.Db is null)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

return 0;

async Task<Dictionary<string, (double P50, double P99)>> RunAsync(Database db, int runs)
{
    await using var app = ServerApp.Build(db, "http://127.0.0.1:0", logging => { });
    await app.StartAsync();
    using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
    var results = new Dictionary<string, (double, double)>();
    async Task Get(string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    // Steady state rather than start-up for every row, the first one too: the JIT promotes hot
    // methods after some calls, and each pooled connection prepares its statements on first use.
    for (var i = 0; i < Math.Max(2, runs / 10); i++)
    {
        await Get("/api/patches/?project=proj1&state=new&per_page=100");
        await Get($"/api/patches/?project=proj1&state=new&per_page=100&page={deep}");
        await Get("/api/events/?project=proj1&category=patch-created&per_page=100");
    }

    results["GET /api/patches/ page 1"] = await Latency.MeasureAsync(runs, _ => Get("/api/patches/?project=proj1&state=new&per_page=100"));
    results[$"GET /api/patches/ page {deep}"] = await Latency.MeasureAsync(runs, _ => Get($"/api/patches/?project=proj1&state=new&per_page=100&page={deep}"));
    results[$"GET /api/patches/ page {deep} after {deep - 1} (next)"] = await MeasureAfterAsync(runs);
    results[$"GET /api/patches/ page {deep} first after a write"] = await MeasureAfterWriteAsync(runs);
    results["GET /api/events/?project&category"] = await Latency.MeasureAsync(runs, _ => Get("/api/events/?project=proj1&category=patch-created&per_page=100"));
    var random = new Random(7);
    results["PATCH /api/patches/{id}/ state"] = await Latency.MeasureAsync(runs, async i =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/patches/{1 + random.Next(options.Patches / 2)}/")
        {
            Content = new StringContent(i % 2 == 0 ? "{\"state\":\"accepted\"}" : "{\"state\":\"new\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    });
    await app.StopAsync();
    return results;

    // Every write to the project changes its data version, so nothing remembered about the page's
    // position at the old version applies: the page is found by OFFSET over the index again.
    async Task<(double, double)> MeasureAfterWriteAsync(int n)
    {
        var samples = new List<double>();
        for (var i = 0; i < n; i++)
        {
            using (var write = new HttpRequestMessage(HttpMethod.Patch, "/api/patches/1/")
            {
                Content = new StringContent($"{{\"commit_ref\":\"bench{i}\"}}", Encoding.UTF8, "application/json"),
            })
            {
                write.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
                using var written = await client.SendAsync(write);
                written.EnsureSuccessStatusCode();
            }

            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await Get($"/api/patches/?project=proj1&state=new&per_page=100&page={deep}");
            samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * 0.99) - 1)]);
    }

    async Task<(double, double)> MeasureAfterAsync(int n)
    {
        var samples = new List<double>();
        for (var i = 0; i < n; i++)
        {
            await Get($"/api/patches/?project=proj1&state=new&per_page=100&page={deep - 1}");
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await Get($"/api/patches/?project=proj1&state=new&per_page=100&page={deep}");
            samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * 0.99) - 1)]);
    }
}

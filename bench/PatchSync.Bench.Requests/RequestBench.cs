using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Migrations;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Data.Writing;
using PatchSync.Testing.Server;
using PatchSync.Tracker;

namespace PatchSync.Bench.Requests;

/// <summary>
/// Seeds a tracker, starts pwsync-server on it, and measures CPU per request of detail GETs and PATCHes,
/// one at a time and <see cref="RequestBenchOptions.Concurrency"/> in flight.
/// </summary>
public static class RequestBench
{
    private const string Project = "bench";
    private static readonly string[] PatchStates = ["under-review", "accepted"];

    public static async Task<int> RunAsync(RequestBenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("pwsync-reqbench-").FullName;
        var db = Path.Combine(work, "tracker.sqlite");
        try
        {
            var token = await SeedAsync(db, options.Patches, cancellationToken);
            await using var server = new ServerProcess(db, Path.Combine(AppContext.BaseDirectory, "pwsync-server.dll"));
            await server.StartAsync(cancellationToken);
            var serverPid = server.ProcessId ?? throw new InvalidOperationException("pwsync-server is not running");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pwsync-server pid {serverPid} on {server.BaseUrl}, {options.Patches} patches; bench pid {Environment.ProcessId}; load {LoadAverage()}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Requests} requests per batch, best of {options.Rounds} rounds; CPU in ms per request (user+system from /proc)"));

            using var bare = BareClient(server.BaseUrl, token);
            using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole());
            var client = PatchworkClientFactory.Create(
                new PatchworkClientOptions { BaseUrl = server.BaseUrl, Token = token, MaxInFlight = options.Concurrency },
                loggers);
            try
            {
                var kinds = new List<(string Name, Func<long, int, Task> Send)>();
                if (options.Mode is "server" or "both")
                {
                    kinds.Add(("bare GET detail", (id, _) => BareGetAsync(bare, id, cancellationToken)));
                    kinds.Add(("bare PATCH state", (id, round) => BarePatchAsync(bare, id, PatchStates[round % 2], cancellationToken)));
                }

                if (options.Mode is "client" or "both")
                {
                    kinds.Add(("pwsync GetPatchAsync", async (id, _) => await client.GetPatchAsync(id, cancellationToken)));
                    kinds.Add(("pwsync UpdatePatchAsync", async (id, round) => await client.UpdatePatchAsync(id, new PatchSync.Tracker.PatchUpdate { State = PatchStates[round % 2] }, cancellationToken)));
                }

                // Warm up both processes (JIT, pools) before anything is measured.
                var round = 0;
                foreach (var (_, send) in kinds)
                {
                    await RunBatchAsync(send, Math.Min(options.Requests, 500), options.Concurrency, round, options.Patches);
                }

                if (options.Hold)
                {
                    output.WriteLine("holding: sending GET/PATCH pairs until stopped (Ctrl-C)");
                    for (round = 1; ; round++)
                    {
                        foreach (var (_, send) in kinds)
                        {
                            await RunBatchAsync(send, options.Requests, options.Concurrency, round, options.Patches);
                        }
                    }
                }

                output.WriteLine($"{"request",-26} {"in flight",9} {"server ms/req",14} {"bench ms/req",13} {"wall ms/req",12}");
                foreach (var (name, send) in kinds)
                {
                    foreach (var concurrency in new[] { 1, options.Concurrency })
                    {
                        Sample? best = null;
                        for (var r = 0; r < options.Rounds; r++)
                        {
                            round++;
                            var sample = await MeasureAsync(serverPid, () => RunBatchAsync(send, options.Requests, concurrency, round, options.Patches));
                            best = best is null || sample.ServerSeconds + sample.BenchSeconds < best.ServerSeconds + best.BenchSeconds ? sample : best;
                        }

                        var per = 1000.0 / options.Requests;
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{name,-26} {concurrency,9} {best!.ServerSeconds * per,14:0.000} {best.BenchSeconds * per,13:0.000} {best.WallSeconds * per,12:0.000}"));
                    }
                }

                output.WriteLine($"load after: {LoadAverage()}");
            }
            finally
            {
                (client as IDisposable)?.Dispose();
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Sample(double ServerSeconds, double BenchSeconds, double WallSeconds);

    private static async Task<Sample> MeasureAsync(int serverPid, Func<Task> batch)
    {
        var (server, self) = (ProcessCpu(serverPid), ProcessCpu(Environment.ProcessId));
        var wall = Stopwatch.StartNew();
        await batch();
        return new Sample(ProcessCpu(serverPid) - server, ProcessCpu(Environment.ProcessId) - self, wall.Elapsed.TotalSeconds);
    }

    /// <summary>Sends <paramref name="count"/> requests over distinct patch ids, <paramref name="concurrency"/> at a time.</summary>
    private static Task RunBatchAsync(Func<long, int, Task> send, int count, int concurrency, int round, int patches)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                // Spread over the table as a sync does (its changes are scattered), same ids in every round
                // so every PATCH of a round changes the state the previous round set.
                await send(1 + ((long)i * 7919 % patches), round);
            }
        });
        return Task.WhenAll(workers);
    }

    private static HttpClient BareClient(Uri baseUrl, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return http;
    }

    private static async Task BareGetAsync(HttpClient http, long id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"/api/1.3/patches/{id}/", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.LoadIntoBufferAsync(cancellationToken);
    }

    private static async Task BarePatchAsync(HttpClient http, long id, string state, CancellationToken cancellationToken)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"state\":\"{state}\"}}"));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PatchAsync(new Uri($"/api/1.3/patches/{id}/", UriKind.Relative), body, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.LoadIntoBufferAsync(cancellationToken);
    }

    /// <summary>user + system CPU seconds of a process, from /proc/PID/stat (fields 14 and 15, in USER_HZ = 100).</summary>
    private static double ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>One project, a maintainer with a token, and N new patches with small bodies (as the sync bench).</summary>
    private static async Task<string> SeedAsync(string dbPath, int count, CancellationToken cancellationToken)
    {
        using var database = Database.Open(dbPath);
        await Migrator.MigrateAsync(database, cancellationToken);
        await new ProjectStore(database).AddAsync(Project, "Request benchmark", "bench.lists.example.org", cancellationToken);
        var epoch = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var batch = await WriteBatch.BeginAsync(database, projectId: 1, cancellationToken))
        {
            var person = await batch.PersonAsync("Author", "author@example.org", cancellationToken);
            for (var number = 1; number <= count; number++)
            {
                var subject = $"[PATCH] subsystem{number % 97}: change number {number}";
                var micros = DbTime.ToMicros(epoch.AddMinutes(number));
                await batch.AddPatchAsync(
                    new NewPatch
                    {
                        Msgid = $"<{number}.reqbench@example.org>",
                        Date = micros,
                        Name = subject,
                        SubmitterId = person,
                        StateId = States.NewId,
                        Archived = false,
                        Hash = number.ToString("x40", CultureInfo.InvariantCulture),
                        HeadersJson = "{\"Subject\":\"" + subject + "\"}",
                        Content = "Make the thing better.\n\nSigned-off-by: Author <author@example.org>",
                        Diff = "--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n",
                    },
                    eventDate: micros,
                    cancellationToken);
            }

            await batch.CommitAsync(cancellationToken);
        }

        var users = new UserStore(database);
        await users.AddAsync("maint", "maint@example.org", Project, cancellationToken);
        var token = await users.NewTokenAsync("maint", cancellationToken);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition("ANALYZE", commandType: System.Data.CommandType.Text, cancellationToken: cancellationToken));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return token;
    }
}

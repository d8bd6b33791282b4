using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using PatchSync.Server.Data;

namespace PatchSync.Bench.Server;

/// <summary>
/// Two <c>pwsync-server serve</c> processes on one PostgreSQL database (issue 10): the same bounded
/// mixed load (80% list pages, 20% state PATCHes on a small hot set of patches, so the two servers
/// change the same rows at once) is sent once to one server and once split over both. Afterwards the
/// count cache is compared with COUNT(*), each patch's state-change events must form one unbroken
/// chain ending in its current state (a lost update or a duplicate event breaks it), and a write
/// through one server must change the ETag the other serves.
/// </summary>
internal static class TwoServers
{
    private const int Clients = 8;
    private const int HotPatches = 200;

    public static async Task<int> RunAsync(Database database, string token, int operations, CancellationToken cancellationToken)
    {
        var dll = Environment.GetEnvironmentVariable("PWSYNC_SERVER_DLL")
            ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/PatchSync.Server/bin/Release/net10.0/pwsync-server.dll"));
        using var first = StartServer(dll, database.Target, FreePort());
        using var second = StartServer(dll, database.Target, FreePort());
        var urls = new[] { await first.Url, await second.Url };
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };

        var one = await LoadAsync(client, [urls[0]], token, operations, seed: 1, cancellationToken);
        var two = await LoadAsync(client, urls, token, operations, seed: 2, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one server:  {operations} requests ({Clients} clients) in {one.TotalSeconds:0.00} s = {operations / one.TotalSeconds:0} req/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"two servers: {operations} requests ({Clients} clients, half each) in {two.TotalSeconds:0.00} s = {operations / two.TotalSeconds:0} req/s ({one.TotalSeconds / two.TotalSeconds:0.00}x)"));

        var failures = await CheckAsync(database, client, urls, token, cancellationToken);
        foreach (var failure in failures)
        {
            Console.WriteLine("FAIL " + failure);
        }

        Console.WriteLine(failures.Count == 0 ? "counts, events and ETags: consistent" : $"{failures.Count} inconsistencies");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<TimeSpan> LoadAsync(HttpClient client, string[] urls, string token, int operations, int seed, CancellationToken cancellationToken)
    {
        var next = -1;
        string[] states = ["new", "under-review", "accepted", "rejected", "changes-requested"];
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            var random = new Random(seed * 100 + c);
            var url = urls[c % urls.Length];
            while (Interlocked.Increment(ref next) < operations)
            {
                if (random.Next(5) == 0)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Patch, $"{url}/api/patches/{1 + random.Next(HotPatches)}/")
                    {
                        Content = new StringContent($"{{\"state\":\"{states[random.Next(states.Length)]}\"}}", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
                    using var response = await client.SendAsync(request, cancellationToken);
                    response.EnsureSuccessStatusCode();
                }
                else
                {
                    using var response = await client.GetAsync($"{url}/api/patches/?project=proj1&state=new&per_page=100&page={1 + random.Next(10)}", cancellationToken);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                }
            }
        }));
        return Stopwatch.GetElapsedTime(start);
    }

    private static async Task<List<string>> CheckAsync(Database database, HttpClient client, string[] urls, string token, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var countDrift = await connection.QueryAsync<(long Project, long State, long Archived, long Cached, long Actual)>("""
            SELECT COALESCE(c.project_id, a.project_id), COALESCE(c.state_id, a.state_id), COALESCE(c.archived, a.archived), COALESCE(c.n, 0), COALESCE(a.n, 0)
            FROM patch_counts c
            FULL JOIN (SELECT project_id, state_id, archived, COUNT(*) AS n FROM patches GROUP BY 1, 2, 3) a
              ON a.project_id = c.project_id AND a.state_id = c.state_id AND a.archived = c.archived
            WHERE COALESCE(c.n, 0) <> COALESCE(a.n, 0)
            """);
        failures.AddRange(countDrift.Select(d => $"patch_counts {d}"));
        var eventDrift = await connection.QueryAsync<(string Kind, long Cached, long Actual)>("""
            SELECT r.kind, r.n, (SELECT COUNT(*) FROM events e WHERE e.project_id = r.project_id AND (r.kind = 'event' OR r.kind = 'event:' || e.category))
            FROM row_counts r WHERE r.kind LIKE 'event%' AND r.project_id = 1
              AND r.n <> (SELECT COUNT(*) FROM events e WHERE e.project_id = r.project_id AND (r.kind = 'event' OR r.kind = 'event:' || e.category))
            """);
        failures.AddRange(eventDrift.Select(d => $"row_counts {d}"));

        // Each state event must start where the one before ended, and the last must end in the patch's state.
        var brokenChains = await connection.QueryAsync<long>("""
            WITH chain AS (
              SELECT patch_id, id, previous_state, current_state,
                     LAG(current_state) OVER (PARTITION BY patch_id ORDER BY id) AS before,
                     LEAD(id) OVER (PARTITION BY patch_id ORDER BY id) AS later
              FROM events WHERE category = 'patch-state-changed')
            SELECT DISTINCT c.patch_id FROM chain c JOIN patches p ON p.id = c.patch_id JOIN states s ON s.id = p.state_id
            WHERE (c.before IS NOT NULL AND c.before <> c.previous_state)
               OR c.previous_state = c.current_state
               OR (c.later IS NULL AND c.current_state <> s.slug)
            """);
        failures.AddRange(brokenChains.Select(id => $"state events of patch {id} do not chain"));
        var stateEvents = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM events WHERE category = 'patch-state-changed'");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"patch-state-changed events: {stateEvents}"));

        // ETags: unchanged data gives 304 on both servers; a write through one changes the other's tag.
        const string List = "/api/patches/?project=proj1&state=new&per_page=100";
        var tags = new List<string>();
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url + List, cancellationToken);
            tags.Add(response.Headers.ETag!.Tag);
            if (await ConditionalStatusAsync(client, url + List, tags[^1], cancellationToken) != HttpStatusCode.NotModified)
            {
                failures.Add($"{url}: unchanged list did not answer 304");
            }
        }

        using (var write = new HttpRequestMessage(HttpMethod.Patch, $"{urls[1]}/api/patches/1/") { Content = new StringContent("{\"state\":\"superseded\"}", Encoding.UTF8, "application/json") })
        {
            write.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
            (await client.SendAsync(write, cancellationToken)).EnsureSuccessStatusCode();
        }

        if (await ConditionalStatusAsync(client, urls[0] + List, tags[0], cancellationToken) != HttpStatusCode.OK)
        {
            failures.Add("a write through the second server left the first server's ETag unchanged");
        }

        return failures;
    }

    private static async Task<HttpStatusCode> ConditionalStatusAsync(HttpClient client, string url, string etag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var response = await client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ServerChild StartServer(string dll, string db, int port) => new(dll, db, port);

    /// <summary>One <c>pwsync-server serve</c> child; <see cref="Url"/> completes when it listens. Disposing kills only this child.</summary>
    private sealed class ServerChild : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ServerChild(string dll, string db, int port)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { dll, "--db", db, "serve", "--urls", $"http://127.0.0.1:{port}" })
            {
                info.ArgumentList.Add(arg);
            }

            _process = Process.Start(info)!;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("listening", StringComparison.Ordinal) == true)
                {
                    _listening.TrySetResult($"http://127.0.0.1:{port}");
                }
            };
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine($"server :{port}: {e.Data}");
                }
            };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public Task<string> Url => _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}

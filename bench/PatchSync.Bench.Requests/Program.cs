// CPU per request of the two requests an incremental sync is made of (issue 9, session 5): the patch
// detail GET and the PATCH, against a real pwsync-server (SQLite, child process, Patchwork quirks on as
// in the sync bench). "server" sends them with a bare HttpClient and reports the server process's CPU per
// request; "client" sends them through pwsync's own client (PatchworkClientFactory: resilience, token,
// Refit, JSON) and reports this process's CPU per request too. See docs/benchmarks.md, "CPU per request".
using PatchSync.Bench.Requests;

RequestBenchOptions options;
try
{
    options = RequestBenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"PatchSync.Bench.Requests: {e.Message}");
    Console.Error.WriteLine(RequestBenchOptions.Usage);
    return 2;
}

return await RequestBench.RunAsync(options, Console.Out, CancellationToken.None);

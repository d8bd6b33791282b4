// End-to-end sync benchmark (issue 5, "Benchmark"): N patches in pwsync-server and their N mails in a
// throwaway Dovecot (or notmuch); the real pwsync runs as a child process: full sync, incremental with no
// change, incremental with a share changed on each side. See docs/benchmarks.md, "Sync (end to end)".
using PatchSync.Bench.Sync;
using PatchSync.Bench.Sync.Running;

if (args.Length > 0 && args[0] == ChildMeasurement.Flag)
{
    return await ChildMeasurement.RunWrapperAsync(args);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"PatchSync.Bench.Sync: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.PwsyncDll is { } dll)
{
    PwsyncRunner.PwsyncDll = dll;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    return await new SyncBenchmark(options, Console.Out).RunAsync(cancel.Token);
}
catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or HttpRequestException or OperationCanceledException)
{
    Console.Error.WriteLine($"PatchSync.Bench.Sync: {e.Message}");
    return 1;
}

// Benchmark for PatchSync.Sync: see docs/benchmarks.md. Written with the Sync work.
Console.Error.WriteLine("PatchSync.Bench.Sync: no benchmark yet");
return 2;

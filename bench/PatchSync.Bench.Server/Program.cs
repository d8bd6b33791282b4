// Benchmark for PatchSync.Server: see docs/benchmarks.md. Written with the Server work.
Console.Error.WriteLine("PatchSync.Bench.Server: no benchmark yet");
return 2;

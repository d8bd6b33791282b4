// Benchmark for PatchSync.Tracker: see docs/benchmarks.md. Written with the Tracker work.
Console.Error.WriteLine("PatchSync.Bench.Tracker: no benchmark yet");
return 2;

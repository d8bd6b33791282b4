// Benchmark for PatchSync.Mail: see docs/benchmarks.md. Written with the Mail work.
Console.Error.WriteLine("PatchSync.Bench.Mail: no benchmark yet");
return 2;

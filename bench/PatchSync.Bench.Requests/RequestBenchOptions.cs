using System.Globalization;

namespace PatchSync.Bench.Requests;

/// <summary>Command line of the request bench.</summary>
public sealed record RequestBenchOptions
{
    public const string Usage =
        "usage: PatchSync.Bench.Requests [--patches N] [--requests N] [--concurrency N] [--rounds N] [--mode server|client|both] [--hold]";

    /// <summary>Patches seeded into the tracker (default 20000).</summary>
    public int Patches { get; init; } = 20_000;

    /// <summary>Requests of each kind per measured batch (default 2000).</summary>
    public int Requests { get; init; } = 2_000;

    /// <summary>Requests in flight in the concurrent batches (pwsync's default: 4).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Measured rounds; each line reports the best round (least CPU), the machine being shared.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>server: bare HttpClient, server CPU; client: pwsync's client; both (default).</summary>
    public string Mode { get; init; } = "both";

    /// <summary>Keep sending GET/PATCH pairs until stopped (to attach perf or dotnet-trace to either process).</summary>
    public bool Hold { get; init; }

    public static RequestBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RequestBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{args[i - 1]} needs a positive number");
            options = args[i] switch
            {
                "--patches" => options with { Patches = Number() },
                "--requests" => options with { Requests = Number() },
                "--concurrency" => options with { Concurrency = Number() },
                "--rounds" => options with { Rounds = Number() },
                "--mode" => Value() is var mode && mode is "server" or "client" or "both" ? options with { Mode = mode } : throw new ArgumentException("--mode is server, client or both"),
                "--hold" => options with { Hold = true },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }

        return options;
    }
}

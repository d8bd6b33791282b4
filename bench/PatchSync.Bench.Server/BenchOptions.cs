using System.Globalization;

namespace PatchSync.Bench.Server;

/// <summary>Command-line settings of the server benchmark.</summary>
public sealed record BenchOptions
{
    public int Patches { get; init; } = 1_000_000;

    public int Projects { get; init; } = 20;

    public int Requests { get; init; } = 300;

    public int BaselineRequests { get; init; } = 20;

    public string? Db { get; init; }

    /// <summary>When set: the two-process run (<see cref="TwoServers"/>) with this many requests, instead of the latency runs.</summary>
    public int? TwoServerRequests { get; init; }

    /// <summary>Fill the database (and VACUUM ANALYZE it) and stop: a database to keep for <c>EXPLAIN</c>.</summary>
    public bool FillOnly { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--fill-only")
            {
                options = options with { FillOnly = true };
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--patches" => options with { Patches = int.Parse(value, CultureInfo.InvariantCulture) },
                "--projects" => options with { Projects = int.Parse(value, CultureInfo.InvariantCulture) },
                "--requests" => options with { Requests = int.Parse(value, CultureInfo.InvariantCulture) },
                "--baseline-requests" => options with { BaselineRequests = int.Parse(value, CultureInfo.InvariantCulture) },
                "--db" => options with { Db = value },
                "--two-servers" => options with { TwoServerRequests = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]} (use --patches N --projects N --requests N --baseline-requests N --db SQLITE-PATH-OR-POSTGRES-CONNECTION-STRING --two-servers REQUESTS --fill-only)"),
            };
            i++;
        }

        return options;
    }
}

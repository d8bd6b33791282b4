namespace PatchSync.Bench.Sync.Running;

/// <summary>One measured <c>pwsync</c> run: the process's own numbers and what its <c>--json --timings</c> report says.</summary>
public sealed record SyncRun
{
    public required string Name { get; init; }

    public required string Command { get; init; }

    /// <summary>Wall time of the pwsync process, start to exit (includes .NET start-up).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>User + system CPU of the pwsync process.</summary>
    public required double CpuSeconds { get; init; }

    /// <summary>CPU of the pwsync-server process during the run, when measured.</summary>
    public double? ServerCpuSeconds { get; init; }

    /// <summary>CPU the whole machine spent during the run (every process: pwsync, server, mail store, others), all cores.</summary>
    public double? MachineCpuSeconds { get; init; }

    /// <summary>Peak resident set of the pwsync process (getrusage ru_maxrss), KiB.</summary>
    public required long PeakRssKb { get; init; }

    public required int ExitCode { get; init; }

    /// <summary><c>full</c> or <c>incremental</c>, as the engine reports.</summary>
    public required string Mode { get; init; }

    /// <summary>The engine's counts (tracker_read, mail_read, planned, retagged, pushed, conflicts, errors, ...).</summary>
    public required IReadOnlyDictionary<string, long> Counts { get; init; }

    /// <summary>Engine phases (total, tracker.read, mail.read, execute), seconds.</summary>
    public required IReadOnlyDictionary<string, double> Phases { get; init; }

    /// <summary>Tracker client and mail store counters (tracker.requests, tracker.pages, imap.roundtrips, ...).</summary>
    public required IReadOnlyDictionary<string, long> Counters { get; init; }

    /// <summary>Tracker client and mail store phases (tracker.http, imap.index, ...), seconds.</summary>
    public required IReadOnlyDictionary<string, double> ComponentPhases { get; init; }

    public required IReadOnlyList<string> Errors { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public long Count(string name) => Counts.GetValueOrDefault(name);

    public long Counter(string name) => Counters.GetValueOrDefault(name);

    public double Phase(string name) => Phases.GetValueOrDefault(name);
}

using System.Globalization;

namespace PatchSync.Bench.Sync;

/// <summary>The command line of the end-to-end sync benchmark.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        usage: PatchSync.Bench.Sync [--patches N] [--store imap|notmuch] [--changed PERCENT] [--concurrency K] [--keep]
          --patches N        patches on the tracker and mails in the store (default 100000)
          --store KIND       mail store the sync runs against: imap (throwaway Dovecot, default) or notmuch
          --changed PERCENT  share of patches changed on each side before the third run (default 1)
          --concurrency K    pwsync's tracker requests in flight (config key concurrency; default pwsync's own, 4)
          --env KEY=VALUE    set an environment variable for pwsync (repeatable), e.g. DOTNET_GCConserveMemory=7
          --pwsync DLL       run this pwsync.dll instead of the one built beside the bench, e.g. the ReadyToRun
                             build scripts/install.sh installs (see docs/benchmarks.md)
          --keep             keep the work directory (databases, maildir, config, pwsync output) for inspection
          --watch-latency N  after the first two runs, run pwsync daemon --watch: CPU over an idle minute, then N
                             single tag edits in the mail, each timed until the tracker shows it (instead of the
                             incremental scenarios)
          --watch-interval D the daemon's --interval (tracker polls) in --watch-latency (default 1m)
          --watch-debounce D the daemon's --debounce in --watch-latency (default: pwsync's, 1s)
        """;

    public int Patches { get; init; } = 100_000;

    public string Store { get; init; } = "imap";

    public double ChangedPercent { get; init; } = 1.0;

    public int? Concurrency { get; init; }

    public bool Keep { get; init; }

    /// <summary>The pwsync.dll to run; null = the one built beside the bench.</summary>
    public string? PwsyncDll { get; init; }

    /// <summary>Edits timed by <c>--watch-latency</c>; 0 = the usual scenarios.</summary>
    public int WatchEdits { get; init; }

    /// <summary>The daemon's <c>--interval</c> in <c>--watch-latency</c>.</summary>
    public string WatchInterval { get; init; } = "1m";

    /// <summary>The daemon's <c>--debounce</c> in <c>--watch-latency</c>; null = pwsync's default.</summary>
    public string? WatchDebounce { get; init; }

    /// <summary>Extra environment variables for the pwsync processes (runtime knobs to compare).</summary>
    public IReadOnlyDictionary<string, string> PwsyncEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>How many patches are changed on each side (at least 1).</summary>
    public int ChangedPerSide => Math.Max(1, (int)Math.Round(Patches * ChangedPercent / 100.0));

    /// <exception cref="ArgumentException">An unknown option or a bad value, with a one-line message.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            options = arg switch
            {
                "--patches" => options with { Patches = PositiveInt(arg, Value(), max: 2_000_000) },
                "--store" => options with { Store = StoreKind(Value()) },
                "--changed" => options with { ChangedPercent = Percent(arg, Value()) },
                "--concurrency" => options with { Concurrency = PositiveInt(arg, Value(), max: 64) },
                "--keep" => options with { Keep = true },
                "--pwsync" => options with { PwsyncDll = ExistingFile(arg, Value()) },
                "--watch-latency" => options with { WatchEdits = PositiveInt(arg, Value(), max: 10_000) },
                "--watch-interval" => options with { WatchInterval = Value() },
                "--watch-debounce" => options with { WatchDebounce = Value() },
                "--env" => options with { PwsyncEnvironment = WithVariable(options.PwsyncEnvironment, Value()) },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }

        // Half the patches are the pool for tracker changes, half for mail changes: the two sets never overlap.
        if (options.ChangedPerSide * 2 > options.Patches)
        {
            throw new ArgumentException($"--changed {options.ChangedPercent} changes more than half of {options.Patches} patches on each side");
        }

        return options;
    }

    private static int PositiveInt(string name, string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw new ArgumentException($"{name}: expected a whole number from 1 to {max}, got '{text}'");

    private static double Percent(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p > 0 && p <= 50
            ? p
            : throw new ArgumentException($"{name}: expected a percentage above 0 and at most 50, got '{text}'");

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> current, string text)
    {
        var split = text.IndexOf('=', StringComparison.Ordinal);
        if (split < 1)
        {
            throw new ArgumentException($"--env: expected KEY=VALUE, got '{text}'");
        }

        return new Dictionary<string, string>(current) { [text[..split]] = text[(split + 1)..] };
    }

    private static string ExistingFile(string name, string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new ArgumentException($"{name}: no file '{path}'");

    private static string StoreKind(string text) =>
        text is "imap" or "notmuch" ? text : throw new ArgumentException($"--store: expected imap or notmuch, got '{text}'");
}

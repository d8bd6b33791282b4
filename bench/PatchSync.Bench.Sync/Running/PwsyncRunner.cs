using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PatchSync.Bench.Sync.Mail;

namespace PatchSync.Bench.Sync.Running;

/// <summary>
/// Runs the real <c>pwsync</c> (the built pwsync.dll next to this benchmark, as a separate process under
/// <see cref="ChildMeasurement"/>) with a config pointing at the benchmark's tracker and mail store, and
/// reads its <c>--json --timings</c> report. Each run's output is kept in the work directory.
/// </summary>
public sealed class PwsyncRunner
{
    public const string ProjectName = "bench";
    public const string StoreName = "bench";
    private readonly string _workDir;
    private readonly Dictionary<string, string> _environment;
    private int _runs;

    public PwsyncRunner(string workDir, Uri trackerUrl, string token, IMailSide mail, int? concurrency, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        _workDir = workDir;
        _environment = mail.Environment.Concat(extraEnvironment).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        StatePath = Path.Combine(workDir, "state.db");
        Scope = new PatchSync.Core.Ports.StateScope(trackerUrl.ToString().TrimEnd('/'), Setup.TrackerSeeder.Project, StoreName);
        var tokenFile = Path.Combine(workDir, "tracker.token");
        File.WriteAllText(tokenFile, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        ConfigPath = Path.Combine(workDir, "pwsync.toml");
        var config = new StringBuilder();
        config.AppendLine(CultureInfo.InvariantCulture, $"state_db = \"{StatePath}\"");
        if (concurrency is { } k)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"concurrency = {k}");
        }

        config.AppendLine();
        config.AppendLine("[trackers.bench]");
        config.AppendLine(CultureInfo.InvariantCulture, $"url = \"{trackerUrl}\"");
        config.AppendLine(CultureInfo.InvariantCulture, $"token_file = \"{tokenFile}\"");
        config.AppendLine();
        config.AppendLine(CultureInfo.InvariantCulture, $"[stores.{StoreName}]");
        config.AppendLine(mail.StoreToml);
        config.AppendLine();
        config.AppendLine(CultureInfo.InvariantCulture, $"[projects.{ProjectName}]");
        config.AppendLine(CultureInfo.InvariantCulture, $"linkname = \"{Setup.TrackerSeeder.Project}\"");
        File.WriteAllText(ConfigPath, config.ToString());
    }

    public string ConfigPath { get; }

    /// <summary>Where the runs' output is kept.</summary>
    public string WorkDir => _workDir;

    /// <summary>The environment pwsync runs with (the store's password, extra runtime knobs).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>pwsync's state file.</summary>
    public string StatePath { get; }

    /// <summary>The state scope pwsync keeps this project under (tracker URL, project, store name).</summary>
    public PatchSync.Core.Ports.StateScope Scope { get; }

    /// <summary>
    /// The pwsync.dll measured: by default the one built next to this benchmark (the ProjectReference to
    /// src/PatchSync.Cli copies it); <c>--pwsync</c> picks another, such as the ReadyToRun build users install.
    /// </summary>
    public static string PwsyncDll { get; set; } = Path.Combine(AppContext.BaseDirectory, "pwsync.dll");

    public async Task<SyncRun> RunAsync(string name, IReadOnlyList<string> syncArgs, CancellationToken cancellationToken)
    {
        if (!File.Exists(PwsyncDll))
        {
            throw new FileNotFoundException($"{PwsyncDll} not found: build bench/PatchSync.Bench.Sync (it builds src/PatchSync.Cli next to itself)");
        }

        var index = ++_runs;
        var stats = Path.Combine(_workDir, $"run{index}.stats");
        string[] pwsyncArgs = [PwsyncDll, "sync", "--config", ConfigPath, "--json", "--timings", .. syncArgs];
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "PatchSync.Bench.Sync.dll"), ChildMeasurement.Flag, stats, "--", "dotnet" }.Concat(pwsyncArgs))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the measuring wrapper");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var (stdout, stderr) = (await output, await error);
        await File.WriteAllTextAsync(Path.Combine(_workDir, $"run{index}.json"), stdout, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_workDir, $"run{index}.stderr"), stderr, cancellationToken);
        if (!File.Exists(stats))
        {
            throw new InvalidOperationException($"{name}: the measuring wrapper wrote no numbers (exit {process.ExitCode}): {stderr.Trim()}");
        }

        var (wall, cpu, rss, exit) = ChildMeasurement.ReadStats(stats);
        var command = "pwsync " + string.Join(' ', pwsyncArgs.Skip(1).Select(a => a == ConfigPath ? "pwsync.toml" : a));
        try
        {
            return Parse(name, command, stdout, wall, cpu, rss, exit);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{name}: pwsync exited {exit} without a JSON report ({e.Message}); stderr: {stderr.Trim()}", e);
        }
    }

    private static SyncRun Parse(string name, string command, string json, double wall, double cpu, long rss, int exit)
    {
        using var document = JsonDocument.Parse(json);
        var project = document.RootElement.GetProperty("projects")[0];
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        var componentPhases = new Dictionary<string, double>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Object)
        {
            foreach (var component in components.EnumerateObject())
            {
                foreach (var counter in component.Value.GetProperty("counters").EnumerateObject())
                {
                    counters[counter.Name] = counters.GetValueOrDefault(counter.Name) + counter.Value.GetInt64();
                }

                foreach (var phase in component.Value.GetProperty("seconds").EnumerateObject())
                {
                    componentPhases[phase.Name] = componentPhases.GetValueOrDefault(phase.Name) + phase.Value.GetDouble();
                }
            }
        }

        return new SyncRun
        {
            Name = name,
            Command = command,
            WallSeconds = wall,
            CpuSeconds = cpu,
            PeakRssKb = rss,
            ExitCode = exit,
            Mode = project.GetProperty("mode").GetString() ?? "?",
            Counts = project.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal),
            Phases = project.TryGetProperty("timings", out var t) && t.ValueKind == JsonValueKind.Object
                ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
                : new Dictionary<string, double>(),
            Counters = counters,
            ComponentPhases = componentPhases,
            Errors = project.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString() ?? "").ToList(),
            Warnings = project.GetProperty("warnings").EnumerateArray().Select(w => w.GetString() ?? "").ToList(),
        };
    }
}

using System.Text.Json;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Output;
using PatchSync.Cli.Running;

namespace PatchSync.Cli.Checking;

/// <summary>
/// <c>pwsync check</c>: validates the config, reaches each tracker (API version, token, maintainer of each
/// project) and each mail store (capabilities, keyword room, notmuch database), and prints one line per
/// finding, a problem with its fix. Nothing is written anywhere: no state, no lock, no tag, no patch.
/// Exits 0 without problems, else with the code a sync failing the same way would (docs/cli.md).
/// </summary>
internal static class CheckRunner
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<int> RunAsync(string configPath, bool json, Verbosity verbosity, CliConsole console, CancellationToken cancellationToken)
    {
        using var loggers = Logging.Create(console.Error, verbosity);
        var findings = new List<CheckFinding>();
        PwsyncConfig? config = null;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            findings.Add(CheckFinding.Problem("config", e.Message, "fix the line it names (every key: docs/configuration.md, pwsync.example.toml)", ExitCodes.Usage));
        }

        if (config is not null)
        {
            findings.Add(CheckFinding.Ok("config", $"{config.File}: {Words.Count(config.Projects.Count, "project", "projects")}, {Words.Count(config.Trackers.Count, "tracker", "trackers")}, {Words.Count(config.Stores.Count, "store", "stores")}"));
            findings.Add(CheckState(config));
            try
            {
                // Trackers and stores one after the other: the lines read in config order, and a check is not a hot path.
                foreach (var tracker in config.Trackers.Values)
                {
                    var projects = config.Projects.Where(p => p.Tracker == tracker.Name).ToList();
                    findings.AddRange(await TrackerCheck.RunAsync(tracker, projects, loggers, cancellationToken));
                }

                foreach (var store in config.Stores.Values)
                {
                    findings.AddRange(await MailStoreCheck.RunAsync(store, config.Tags, loggers, cancellationToken));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return SyncRunner.Fail(console, "interrupted", ExitCodes.Interrupted);
            }
        }

        var problems = findings.Where(f => f.Level == CheckLevel.Problem).ToList();
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new { findings, problems = problems.Count }, Json));
        }
        else
        {
            foreach (var finding in findings.Where(f => verbosity != Verbosity.Quiet || f.Level == CheckLevel.Problem))
            {
                console.Out.WriteLine(finding.ToString());
            }

            if (verbosity != Verbosity.Quiet || problems.Count > 0)
            {
                console.Out.WriteLine(problems.Count == 0 ? "pwsync check: no problems" : $"pwsync check: {Words.Count(problems.Count, "problem", "problems")}");
            }
        }

        return problems.Count == 0 ? ExitCodes.Ok : problems[0].ExitCode;
    }

    /// <summary>The state file: where it is, and whether a first sync still needs a start date.</summary>
    internal static CheckFinding CheckState(PwsyncConfig config)
    {
        if (File.Exists(config.StateDb))
        {
            return CheckFinding.Ok("state", $"{config.StateDb} (pwsync status shows the last run)");
        }

        var undated = config.Projects.Where(p => p.Epoch is null).Select(p => p.Name).ToList();
        return CheckFinding.Note(
            "state",
            $"none yet at {config.StateDb}: the first sync is a full one",
            undated.Count == 0 ? null : $"run it as 'pwsync --epoch DATE' (no epoch in [projects.{string.Join("], [projects.", undated)}])");
    }
}

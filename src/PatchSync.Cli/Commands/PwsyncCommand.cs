using System.CommandLine;
using System.CommandLine.Parsing;
using PatchSync.Cli.Checking;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Daemon;
using PatchSync.Cli.Running;

namespace PatchSync.Cli.Commands;

/// <summary>The <c>pwsync</c> command line (System.CommandLine): <c>[sync]</c>, <c>status</c>, <c>check</c>, <c>daemon</c>.</summary>
internal static class PwsyncCommand
{
    private const string Description = """
        Keeps patch states in step between a Patchwork tracker and mail tags (IMAP keywords or notmuch tags), both ways.

        Examples:
          pwsync --epoch 2025-06-01          first sync: every patch submitted since that date
          pwsync                             incremental sync (what a systemd timer runs)
          pwsync --dry-run -v                show what would change, change nothing
          pwsync --full --project netdev     re-read everything of one project
          pwsync status                      last run, patches per state, outbox, conflicts
          pwsync check                       config, tracker token (maintainer?), mail store: what to fix
          pwsync daemon --interval 10m       sync every 10 minutes until stopped
          pwsync daemon --watch              sync within seconds of a mail tag change, poll the tracker every minute

        Config: ~/.config/pwsync/pwsync.toml (see pwsync.example.toml). Exit codes: docs/cli.md.
        """;

    /// <summary>Parses and runs; parse errors are one line and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = Build(console);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            console.Error.WriteLine($"pwsync: {result.Errors[0].Message}");
            console.Error.WriteLine("Try 'pwsync --help'.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // The daemon's host needs time to stop cleanly after SIGTERM (HostOptions.ShutdownTimeout is 30 s).
            ProcessTerminationTimeout = TimeSpan.FromSeconds(35),
        };
        return await result.InvokeAsync(invocation, cancellationToken);
    }

    internal static RootCommand Build(CliConsole console)
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = "Config file (default: $XDG_CONFIG_HOME/pwsync/pwsync.toml or ~/.config/pwsync/pwsync.toml)",
            HelpName = "FILE",
            Recursive = true,
            DefaultValueFactory = _ => ConfigDefaults.ConfigPath(),
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print every action and debug logs", Recursive = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print errors only", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout", Recursive = true };
        var epoch = new Option<DateTimeOffset?>("--epoch")
        {
            Description = "First sync (or --full): patches submitted since this date, e.g. 2025-06-01 (UTC)",
            HelpName = "DATE",
            CustomParser = ParseDate,
        };
        var force = new Option<bool>("--force") { Description = "Use an --epoch (or a project epoch) that lies in the future" };
        var full = new Option<bool>("--full") { Description = "Re-read everything since the epoch instead of only changes" };
        var project = new Option<string[]>("--project", "-p") { Description = "Sync only this project (repeatable)", HelpName = "NAME" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print the plan (retags, pushes, conflicts) and change nothing anywhere" };
        var timings = new Option<bool>("--timings") { Description = "Print time spent per phase, requests and retries" };
        var interval = new Option<TimeSpan?>("--interval")
        {
            Description = "Time between runs, e.g. 10m, 1h (default 10m; with --watch, how often the tracker is polled: default 1m)",
            HelpName = "DURATION",
            CustomParser = ParseDuration("--interval"),
        };
        var watch = new Option<bool>("--watch")
        {
            Description = "Also sync within seconds of a tag change in the mail (IMAP IDLE, notmuch lastmod polling)",
        };
        var debounce = new Option<TimeSpan?>("--debounce")
        {
            Description = "With --watch: quiet time after a mail change before syncing, so a burst is one run (default 0.5s)",
            HelpName = "DURATION",
            CustomParser = ParseDuration("--debounce"),
        };

        SyncOptions Sync(ParseResult r) => new(
            r.GetValue(config)!,
            r.GetValue(full),
            r.GetValue(epoch),
            r.GetValue(project) ?? [],
            r.GetValue(dryRun),
            r.GetValue(json),
            r.GetValue(timings),
            r.GetValue(quiet) ? Verbosity.Quiet : r.GetValue(verbose) ? Verbosity.Verbose : Verbosity.Normal,
            r.GetValue(force));

        Option[] syncOptions = [epoch, force, full, project, dryRun, timings];
        var root = new RootCommand(Description);
        foreach (var option in new Option[] { config, verbose, quiet, json }.Concat(syncOptions))
        {
            root.Options.Add(option);
        }

        root.SetAction((r, ct) => SyncRunner.RunAsync(Sync(r), console, ct));

        var sync = new Command("sync", "Sync once (the default command)");
        foreach (var option in syncOptions)
        {
            sync.Options.Add(option);
        }

        sync.SetAction((r, ct) => SyncRunner.RunAsync(Sync(r), console, ct));
        root.Subcommands.Add(sync);

        var status = new Command("status", "Show the last run, patches per state, the outbox and the conflicts log");
        status.SetAction((r, ct) => StatusRunner.RunAsync(r.GetValue(config)!, r.GetValue(json), console, ct));
        root.Subcommands.Add(status);

        var check = new Command(
            "check",
            "Check the config, each tracker (token, maintainer of each project) and each mail store (capabilities), changing nothing; one line per problem with its fix");
        check.SetAction((r, ct) => CheckRunner.RunAsync(
            r.GetValue(config)!,
            r.GetValue(json),
            r.GetValue(quiet) ? Verbosity.Quiet : r.GetValue(verbose) ? Verbosity.Verbose : Verbosity.Normal,
            console,
            ct));
        root.Subcommands.Add(check);

        var daemon = new Command("daemon", "Sync every --interval (and with --watch on every mail tag change) until stopped (SIGTERM stops cleanly); for systemd Type=notify services");
        daemon.Options.Add(interval);
        daemon.Options.Add(watch);
        daemon.Options.Add(debounce);
        daemon.Options.Add(project);
        daemon.Options.Add(timings);
        daemon.SetAction((r, ct) =>
        {
            var watching = r.GetValue(watch);
            var every = r.GetValue(interval) ?? DaemonOptions.DefaultInterval(watching);
            var options = new DaemonOptions(every, Sync(r), console) { Watch = watching };
            return DaemonHost.RunAsync(r.GetValue(debounce) is { } quiet ? options with { Debounce = quiet } : options, ct);
        });
        root.Subcommands.Add(daemon);
        return root;
    }

    private static DateTimeOffset? ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateParser.TryParse(text, out var date))
        {
            return date;
        }

        result.AddError($"--epoch: expected a date such as 2025-06-01, got '{text}'");
        return null;
    }

    private static Func<ArgumentResult, TimeSpan?> ParseDuration(string name) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DurationParser.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{name}: expected a duration such as 10m, 1h or 30s, got '{text}'");
        return default;
    };
}

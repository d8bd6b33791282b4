using Microsoft.Extensions.Logging;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Output;
using PatchSync.Core.Ports;
using PatchSync.State;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Running;

/// <summary>
/// One <c>pwsync sync</c>: config (checked before anything is contacted), lock, state, engine, report,
/// exit code. Also used by the daemon for each iteration.
/// </summary>
internal static class SyncRunner
{
    public static async Task<int> RunAsync(SyncOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        PwsyncConfig config;
        try
        {
            config = ConfigLoader.Load(options.ConfigPath);
        }
        catch (ConfigException e)
        {
            return Fail(console, e.Message, ExitCodes.Usage);
        }

        using var loggers = Logging.Create(console.Error, options.Verbosity);
        return await RunAsync(config, options, console, loggers, cancellationToken);
    }

    public static async Task<int> RunAsync(PwsyncConfig config, SyncOptions options, CliConsole console, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (CheckDates(config, options, TimeProvider.System.GetUtcNow()) is { } refusal)
        {
            // Refused before anything is touched: no lock file, no state file, no summary.
            return Fail(console, refusal, ExitCodes.Usage);
        }

        string? scratchDir = null;
        try
        {
            // A dry run writes nothing: no lock file, and no state file when there is none yet.
            using var stateLock = options.DryRun ? null : StateLock.Acquire(config.StateDb);
            var statePath = config.StateDb;
            if (options.DryRun && !File.Exists(statePath))
            {
                scratchDir = Directory.CreateTempSubdirectory("pwsync-dry-run").FullName;
                statePath = Path.Combine(scratchDir, "state.db");
            }

            await using var setup = await SyncSetup.CreateAsync(config, options.Projects, loggers, cancellationToken);
            await using var store = await StateStore.OpenAsync(statePath, cancellationToken);
            var engine = new SyncEngine(store, TimeProvider.System, loggers.CreateLogger<SyncEngine>());
            using var progress = ProgressReporter.Create(console, options.Verbosity, options.Json);
            var request = new SyncRequest(setup.Projects)
            {
                Full = options.Full,
                Epoch = options.Epoch,
                DryRun = options.DryRun,
                KeepPlan = options.Verbosity == Verbosity.Verbose,
                Progress = progress,
                AfterStep = CrashHook(),
            };
            var report = await engine.RunAsync(request, cancellationToken);
            progress?.Dispose();
            ReportPrinter.Print(report, setup, options, console);
            return ExitCodeOf(report);
        }
        catch (ConfigException e)
        {
            return Fail(console, e.Message, ExitCodes.Usage);
        }
        catch (StateLockedException e)
        {
            return Fail(console, e.Message, ExitCodes.Locked);
        }
        catch (StateStoreException e)
        {
            return Fail(console, $"state store {config.StateDb}: {e.Message}", ExitCodes.State);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(console, "interrupted; the next run finishes the work", ExitCodes.Interrupted);
        }
        finally
        {
            if (scratchDir is not null)
            {
                Directory.Delete(scratchDir, recursive: true);
            }
        }
    }

    /// <summary>
    /// <c>PWSYNC_CRASH_AFTER_STEP=N</c> kills the process abruptly after its N-th side effect (state commit,
    /// push, mail write), the way isync's journal limit does: end-to-end tests use it to prove that a run
    /// killed at any step is finished by the next one. <c>KIND</c> or <c>KIND:N</c> (kind <c>push</c>,
    /// <c>commit</c> or <c>mail</c>, or the step kind's name) counts only steps of that kind, e.g.
    /// <c>push</c> dies right after the first PATCH. Unset in normal use.
    /// </summary>
    private static Func<SyncStep, CancellationToken, ValueTask>? CrashHook()
    {
        if (ParseCrashLimit(Environment.GetEnvironmentVariable("PWSYNC_CRASH_AFTER_STEP")) is not { } crash)
        {
            return null;
        }

        var steps = 0;
        return (step, _) =>
        {
            if ((crash.Kind is null || crash.Kind == step.Kind) && Interlocked.Increment(ref steps) >= crash.Limit)
            {
                Console.Error.WriteLine($"pwsync: PWSYNC_CRASH_AFTER_STEP={Environment.GetEnvironmentVariable("PWSYNC_CRASH_AFTER_STEP")}: killed after {step.Kind} ({step.Detail})");
                Console.Error.Flush();
                using var self = System.Diagnostics.Process.GetCurrentProcess();
                self.Kill();
            }

            return ValueTask.CompletedTask;
        };
    }

    /// <summary>"3", "push", "push:2", "TrackerPush:2" -> (kind or any, count); null when unset or unreadable.</summary>
    internal static (SyncStepKind? Kind, int Limit)? ParseCrashLimit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(':', 2);
        if (parts.Length == 1 && int.TryParse(parts[0], out var any))
        {
            return any > 0 ? (null, any) : null;
        }

        SyncStepKind? kind = parts[0].Trim().ToLowerInvariant() switch
        {
            "push" => SyncStepKind.TrackerPush,
            "commit" => SyncStepKind.StateCommit,
            "mail" => SyncStepKind.MailWrite,
            var name => Enum.TryParse<SyncStepKind>(name, ignoreCase: true, out var k) ? k : null,
        };
        var limit = 1;
        if (kind is null || (parts.Length == 2 && (!int.TryParse(parts[1], out limit) || limit <= 0)))
        {
            return null;
        }

        return (kind, limit);
    }

    /// <summary>
    /// What is wrong with the run's dates, or null: a start date in the future (it would sync nothing, and
    /// is most likely a typo) unless forced, and a first sync without any start date.
    /// </summary>
    internal static string? CheckDates(PwsyncConfig config, SyncOptions options, DateTimeOffset now)
    {
        var selected = config.Projects.Where(p => options.Projects.Count == 0 || options.Projects.Contains(p.Name)).ToList();
        if (!options.Force)
        {
            if (options.Epoch is { } epoch && epoch > now)
            {
                return $"--epoch {epoch:yyyy-MM-dd} is in the future: no patch would be synced (pass --force to use it anyway)";
            }

            if (options.Epoch is null && selected.FirstOrDefault(p => p.Epoch > now) is { } future)
            {
                return $"{config.File}: [projects.{future.Name}] epoch {future.Epoch:yyyy-MM-dd} is in the future: no patch would be synced (pass --force to use it anyway)";
            }
        }

        if (options.Epoch is null && !File.Exists(config.StateDb) && selected.FirstOrDefault(p => p.Epoch is null) is { } undated)
        {
            return $"the first sync needs a start date: pass --epoch DATE (e.g. --epoch {now.AddMonths(-1):yyyy-MM-dd}) or set epoch in [projects.{undated.Name}] of {config.File}";
        }

        return null;
    }

    /// <summary>The exit code of a finished run: the area of the first error, else 0.</summary>
    public static int ExitCodeOf(SyncReport report) =>
        report.Projects.SelectMany(p => p.Errors).FirstOrDefault()?.Area switch
        {
            null => ExitCodes.Ok,
            SyncArea.Tracker => ExitCodes.Tracker,
            SyncArea.Mail => ExitCodes.Mail,
            SyncArea.State => ExitCodes.State,
            _ => ExitCodes.Usage,
        };

    public static int Fail(CliConsole console, string message, int code)
    {
        console.Error.WriteLine($"pwsync: {message}");
        return code;
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Running;
using PatchSync.Core.Ports;
using PatchSync.State;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Daemon;

/// <summary>
/// <c>pwsync daemon --watch</c>: one watcher per mail store of the selected projects (IMAP IDLE per folder,
/// notmuch <c>count --lastmod</c> polling) feeds a <see cref="WatchScheduler"/>, which syncs a store's projects
/// about a second after it changed, and every project at start and every <see cref="DaemonOptions.Interval"/>
/// (tracker events are polled; the engine's periodic full check runs as configured). The mail stores watched
/// are those of the config at start; the config is re-read for every run.
/// </summary>
internal sealed class WatchWorker : BackgroundService
{
    private readonly DaemonOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private PwsyncConfig? _config;

    public WatchWorker(DaemonOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<WatchWorker>();
        _time = time;
    }

    /// <summary>The scheduler, once watching started (tests read its run count).</summary>
    public WatchScheduler? Scheduler { get; private set; }

    /// <summary>How the mail watchers time their polls and reconnects.</summary>
    public MailWatchOptions WatchOptions { get; init; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _config = ConfigLoader.Load(_options.Sync.ConfigPath);
        }
        catch (ConfigException e)
        {
            _logger.LogError("{Message}; not watching", e.Message);
            return;
        }

        var projects = _config.Projects.Where(p => _options.Sync.Projects.Count == 0 || _options.Sync.Projects.Contains(p.Name)).ToList();
        var projectsByStore = projects.GroupBy(p => p.Store, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Name).ToList(), StringComparer.Ordinal);
        var watchers = new Dictionary<string, IMailStore>(StringComparer.Ordinal);
        foreach (var store in projectsByStore.Keys)
        {
            watchers[store] = SyncSetup.CreateMailStore(_config.Stores[store], _config.Tags.Prefix, _loggers);
        }

        var changes = Channel.CreateUnbounded<(string, MailChange, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pumps = watchers.Select(w => Task.Run(() => PumpAsync(w.Key, (IMailWatcher)w.Value, changes.Writer, stopWatching.Token), CancellationToken.None)).ToList();
        Scheduler = new WatchScheduler(
            projectsByStore,
            projects.Select(p => p.Name).ToList(),
            RunAsync,
            (project, ct) => CoverageAsync(project, (IMailWatcher)watchers[projects.First(p => p.Name == project).Store], ct),
            changes.Reader,
            _time,
            _loggers.CreateLogger<WatchScheduler>())
        {
            Interval = _options.Interval,
            Debounce = _options.Debounce,
        };
        _logger.LogInformation(
            "pwsync daemon: watching {Stores}; polling the tracker every {Interval}",
            string.Join(", ", watchers.Values.Select(w => w.Name)),
            _options.Interval);
        try
        {
            await Scheduler.RunAsync(stoppingToken);
        }
        finally
        {
            await stopWatching.CancelAsync();
            await Task.WhenAll(pumps);
            foreach (var store in watchers.Values)
            {
                await store.DisposeAsync();
            }

            _logger.LogInformation("pwsync daemon: stopped");
        }
    }

    /// <summary>Forwards one store's signals; a watcher that fails outright (a bug, not the network: it retries that itself) is restarted after a pause.</summary>
    private async Task PumpAsync(string store, IMailWatcher watcher, ChannelWriter<(string, MailChange, DateTimeOffset)> changes, CancellationToken cancellationToken)
    {
        for (var failures = 1; !cancellationToken.IsCancellationRequested; failures++)
        {
            try
            {
                await foreach (var change in watcher.WatchAsync(WatchOptions, cancellationToken))
                {
                    changes.TryWrite((store, change, _time.GetUtcNow()));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = WatchOptions.BackoffAfter(failures);
                _logger.LogError(e, "{Store}: watching failed: {Message}; again in {Delay:0.#} s", watcher.Name, e.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One sync of <paramref name="projects"/> with the config as it is now; never throws but for cancellation.</summary>
    private async Task<int> RunAsync(IReadOnlyList<string> projects, CancellationToken cancellationToken)
    {
        try
        {
            _config = ConfigLoader.Load(_options.Sync.ConfigPath);
            var code = await SyncRunner.RunAsync(_config, _options.Sync with { Projects = projects }, _options.Console, _loggers, cancellationToken);
            if (code != ExitCodes.Ok && code != ExitCodes.Interrupted && code != ExitCodes.Locked)
            {
                _logger.LogWarning("sync finished with exit code {Code}; next try at the next change or in {Interval}", code, _options.Interval);
            }

            return code;
        }
        catch (ConfigException e)
        {
            _logger.LogError("{Message}; retrying in {Interval}", e.Message, _options.Interval);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "sync failed: {Message}", e.Message);
            return ExitCodes.Internal;
        }
    }

    /// <summary>What the mail checkpoint a project's last run saved covers (nothing when there is none yet).</summary>
    private async Task<MailCoverage> CoverageAsync(string projectName, IMailWatcher watcher, CancellationToken cancellationToken)
    {
        var config = _config!;
        var project = config.Projects.FirstOrDefault(p => p.Name == projectName);
        if (project is null || !File.Exists(config.StateDb))
        {
            return MailCoverage.None;
        }

        var scope = new StateScope(config.Trackers[project.Tracker].Url.ToString().TrimEnd('/'), project.LinkName, project.Store);
        var key = CheckpointScopes.Sync(scope);
        await using var state = await StateStore.OpenAsync(config.StateDb, cancellationToken);
        var value = await state.GetCheckpointAsync(key, CheckpointNames.Mail, cancellationToken);
        if (value is null)
        {
            return MailCoverage.None;
        }

        var kind = await state.GetCheckpointAsync(key, CheckpointNames.MailKind, cancellationToken);
        if (kind is null)
        {
            // Written before the kind had its own key: "kind\nvalue".
            var split = value.IndexOf('\n', StringComparison.Ordinal);
            (kind, value) = split > 0 ? (value[..split], value[(split + 1)..]) : (string.Empty, value);
        }

        return watcher.CoverageOf(new MailCheckpoint(kind, value));
    }
}

using Microsoft.Extensions.Logging;
using PatchSync.Cli.Configuration;
using PatchSync.Core.Diagnostics;
using PatchSync.Core.Planning;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;
using PatchSync.Mail.Imap;
using PatchSync.Mail.Notmuch;
using PatchSync.Sync.Engine;
using PatchSync.Tracker;

namespace PatchSync.Cli.Running;

/// <summary>
/// Turns a validated config into the engine's projects: one tracker client per tracker, one store per
/// mail store, shared by the projects that name them. Disposing closes them all.
/// </summary>
internal sealed class SyncSetup : IAsyncDisposable
{
    private readonly List<IDisposable> _clients = [];
    private readonly List<IMailStore> _stores = [];
    private readonly List<(string Name, PhaseTimings Timings)> _timings = [];

    private SyncSetup(IReadOnlyList<SyncProject> projects) => Projects = projects;

    /// <summary>A setup with no projects and nothing to close (for printing a report in tests).</summary>
    internal static SyncSetup Empty => new([]);

    public IReadOnlyList<SyncProject> Projects { get; }

    /// <summary>Timings of every tracker client and mail store (for <c>--timings</c>).</summary>
    public IReadOnlyList<(string Name, PhaseTimings Timings)> ComponentTimings => _timings;

    /// <summary>The projects named in <paramref name="only"/> (all when empty).</summary>
    /// <exception cref="ConfigException">An unknown project name, or a token that cannot be read.</exception>
    public static async Task<SyncSetup> CreateAsync(PwsyncConfig config, IReadOnlyCollection<string> only, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        foreach (var name in only.Where(n => config.Projects.All(p => p.Name != n)))
        {
            throw new ConfigException($"{config.File}: no project '{name}' (configured: {string.Join(", ", config.Projects.Select(p => p.Name))})");
        }

        var selected = config.Projects.Where(p => only.Count == 0 || only.Contains(p.Name)).ToList();
        var mapping = new TagMapping(config.Tags.Prefix, config.Tags.States, config.Tags.Archived);
        var planner = new PlannerOptions(mapping, config.Conflict);
        var trackers = new Dictionary<string, ITracker>(StringComparer.Ordinal);
        var stores = new Dictionary<string, IMailStore>(StringComparer.Ordinal);
        var setup = new SyncSetup([]);
        var projects = new List<SyncProject>();
        try
        {
            foreach (var project in selected)
            {
                var trackerConfig = config.Trackers[project.Tracker];
                if (!trackers.TryGetValue(project.Tracker, out var tracker))
                {
                    tracker = await setup.CreateTrackerAsync(trackerConfig, config.Concurrency, loggers, cancellationToken);
                    trackers[project.Tracker] = tracker;
                }

                if (!stores.TryGetValue(project.Store, out var store))
                {
                    store = setup.CreateStore(config.Stores[project.Store], config.Tags.Prefix, loggers);
                    stores[project.Store] = store;
                }

                var scope = new StateScope(trackerConfig.Url.ToString().TrimEnd('/'), project.LinkName, project.Store);
                projects.Add(new SyncProject(project.Name, scope, project.LinkName, tracker, store, planner)
                {
                    Epoch = project.Epoch,
                    ExtraTags = config.Tags.Extra,
                    FullCheckInterval = config.FullCheckInterval,
                    EventsOverlap = config.EventsOverlap,
                    Concurrency = config.Concurrency,
                });
            }
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }

        var result = new SyncSetup(projects);
        result._clients.AddRange(setup._clients);
        result._stores.AddRange(setup._stores);
        result._timings.AddRange(setup._timings);
        return result;
    }

    private async Task<ITracker> CreateTrackerAsync(TrackerConfig config, int concurrency, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var token = config.Token is null ? null : await TrackerToken.ReadAsync(config, cancellationToken);
        // The factory builds a PatchworkClient, which is the engine's ITracker too.
        var client = PatchworkClientFactory.Create(
            new PatchworkClientOptions { BaseUrl = config.Url, Token = token, MaxInFlight = concurrency, RequestTimeout = config.Timeout },
            loggers);
        _timings.Add(($"tracker {config.Name}", client.Timings));
        _clients.Add(client);
        return client;
    }

    /// <summary>The mail store a <c>[stores.NAME]</c> table describes (also used by <c>pwsync check</c>).</summary>
    internal static IMailStore CreateMailStore(StoreConfig config, string prefix, ILoggerFactory loggers) =>
        config.Kind switch
        {
            StoreKind.Notmuch => (IMailStore)new NotmuchMailStore(
                new NotmuchStoreOptions { ConfigPath = config.NotmuchConfig, TagPrefix = prefix },
                loggers.CreateLogger<NotmuchMailStore>()),
            _ => new ImapMailStore(
                new ImapStoreOptions
                {
                    Host = config.Imap!.Host,
                    Port = config.Imap.Port,
                    Security = config.Imap.Security,
                    User = config.Imap.User,
                    Password = config.Imap.Password,
                    Folders = config.Imap.Folders.ToList(),
                    TagPrefix = prefix,
                },
                loggers.CreateLogger<ImapMailStore>()),
        };

    private IMailStore CreateStore(StoreConfig config, string prefix, ILoggerFactory loggers)
    {
        var store = CreateMailStore(config, prefix, loggers);
        _stores.Add(store);
        _timings.Add(($"store {config.Name}", store.Timings));
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}

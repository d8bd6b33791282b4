using PatchSync.Core.Planning;

namespace PatchSync.Cli.Configuration;

/// <summary>A whole, validated <c>pwsync.toml</c>. Built by <see cref="ConfigLoader"/>; every reference between tables is checked.</summary>
/// <param name="File">The file it was read from (for messages).</param>
/// <param name="StateDb">The SQLite state file.</param>
/// <param name="Conflict">Which side wins a conflict.</param>
/// <param name="Concurrency">Tracker requests in flight at once.</param>
/// <param name="FullCheckInterval">How often an incremental run is upgraded to a full check (catches archived changes and expired events).</param>
/// <param name="Tags">Tag mapping settings.</param>
/// <param name="Trackers">Trackers by name.</param>
/// <param name="Stores">Mail stores by name.</param>
/// <param name="Projects">Projects in file order.</param>
public sealed record PwsyncConfig(
    string File,
    string StateDb,
    ConflictRule Conflict,
    int Concurrency,
    TimeSpan FullCheckInterval,
    TagConfig Tags,
    IReadOnlyDictionary<string, TrackerConfig> Trackers,
    IReadOnlyDictionary<string, StoreConfig> Stores,
    IReadOnlyList<ProjectConfig> Projects)
{
    /// <summary>How far back before the events cursor events are re-read (late commits, clock differences).</summary>
    public TimeSpan EventsOverlap { get; init; } = ConfigDefaults.EventsOverlap;
}

using PatchSync.Core.Planning;
using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>One tracker project kept in step with one mail store.</summary>
/// <param name="Name">The config's name for it (what <c>--project</c> selects).</param>
/// <param name="Scope">Where its state lives (tracker URL, project link name, store name).</param>
/// <param name="LinkName">The project's link name on the tracker.</param>
/// <param name="Tracker">The tracker.</param>
/// <param name="Store">The mail store.</param>
/// <param name="Planner">Tag mapping and conflict rule.</param>
public sealed record SyncProject(
    string Name,
    StateScope Scope,
    string LinkName,
    ITracker Tracker,
    IMailStore Store,
    PlannerOptions Planner)
{
    /// <summary>Patches submitted before this are not synced; null: use the stored epoch or the request's.</summary>
    public DateTimeOffset? Epoch { get; init; }

    /// <summary>Set the read-only extra tags (delegate, checks).</summary>
    public bool ExtraTags { get; init; }

    /// <summary>How often an incremental run is upgraded to a full tracker check.</summary>
    public TimeSpan FullCheckInterval { get; init; } = SyncDefaults.FullCheckInterval;

    /// <summary>How far back before the cursor events are re-read (late commits, clock differences).</summary>
    public TimeSpan EventsOverlap { get; init; } = SyncDefaults.EventsOverlap;

    /// <summary>Tracker requests in flight at once when fetching changed patches.</summary>
    public int Concurrency { get; init; } = SyncDefaults.Concurrency;
}

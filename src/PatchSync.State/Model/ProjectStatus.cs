namespace PatchSync.State.Model;

/// <summary>What the store holds for one tracker project, for <c>pwsync status</c>.</summary>
/// <param name="Tracker">The tracker's base URL.</param>
/// <param name="Project">The project's link name.</param>
/// <param name="PerState">Synced patches per state slug.</param>
/// <param name="Archived">How many of them are archived.</param>
/// <param name="Total">All synced patches of the project.</param>
public sealed record ProjectStatus(
    string Tracker,
    string Project,
    IReadOnlyDictionary<string, long> PerState,
    long Archived,
    long Total);

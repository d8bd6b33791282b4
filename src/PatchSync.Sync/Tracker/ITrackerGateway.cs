using PatchSync.Core.Model;

namespace PatchSync.Sync.Tracker;

/// <summary>
/// What the sync engine needs from a tracker, in the engine's own terms. The real implementation wraps
/// the Patchwork REST client (<c>PatchSync.Tracker</c>); tests use an in-memory tracker. Implementations
/// throw <see cref="TrackerForbiddenException"/> when a change is refused for lack of rights and
/// <see cref="TrackerGatewayException"/> for every other tracker failure, with one-line messages
/// that never contain the token.
/// </summary>
public interface ITrackerGateway
{
    /// <summary>A short name for messages, e.g. the tracker URL (never the token).</summary>
    string Name { get; }

    /// <summary>Checks that the project exists (a filter on an unknown project would answer an empty list).</summary>
    Task EnsureProjectAsync(string project, CancellationToken cancellationToken);

    /// <summary>Every patch of <paramref name="project"/> submitted since <paramref name="since"/>, streamed.</summary>
    IAsyncEnumerable<TrackerPatch> ListPatchesAsync(string project, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Patch events (created, state changed) of <paramref name="project"/> since <paramref name="since"/>,
    /// or null when the tracker has no events API.
    /// </summary>
    Task<IReadOnlyList<TrackerEvent>?> ListEventsAsync(string project, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Completeness of every series of <paramref name="project"/> started since <paramref name="since"/>
    /// (series id -> every patch received), for the optional series-complete tag.
    /// </summary>
    Task<IReadOnlyDictionary<long, bool>> ListSeriesCompletenessAsync(string project, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>One series: whether it is complete, and its patches.</summary>
    Task<TrackerSeries> GetSeriesAsync(long seriesId, CancellationToken cancellationToken);

    /// <summary>The current state of one patch.</summary>
    Task<TrackerPatch> GetPatchAsync(long patchId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a patch from <paramref name="current"/> to <paramref name="desired"/>, sending only the fields that
    /// differ (so a field another client changed meanwhile is not overwritten); returns the patch as the tracker
    /// now holds it, after checking that it shows the change.
    /// </summary>
    Task<TrackerPatch> UpdatePatchAsync(long patchId, PatchSnapshot current, PatchSnapshot desired, CancellationToken cancellationToken);
}

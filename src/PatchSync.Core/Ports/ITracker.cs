using PatchSync.Core.Model;

namespace PatchSync.Core.Ports;

/// <summary>
/// What the sync engine needs from a tracker, in the engine's own terms. <c>PatchSync.Tracker</c>'s
/// Patchwork client implements it; engine tests use an in-memory tracker. Implementations throw
/// <see cref="TrackerForbiddenException"/> when a change is refused for lack of rights,
/// <see cref="TrackerPushNotAppliedException"/> when the tracker answers a change without holding it, and
/// <see cref="TrackerFailureException"/> for every other tracker failure, with one-line messages that never
/// contain the token.
/// </summary>
public interface ITracker
{
    /// <summary>A short name for messages, e.g. the tracker URL (never the token).</summary>
    string Name { get; }

    /// <summary>Checks that the project exists (a filter on an unknown project would answer an empty list).</summary>
    /// <param name="project">The project's link name.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    Task EnsureProjectAsync(string project, CancellationToken cancellationToken);

    /// <summary>Every patch of <paramref name="project"/> submitted since <paramref name="since"/>, streamed in any order.</summary>
    /// <param name="project">The project's link name.</param>
    /// <param name="since">The oldest submission date to list.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    IAsyncEnumerable<TrackerPatch> ListPatchesAsync(string project, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Patch events (created, state changed, delegated, checks, series completed) of <paramref name="project"/>
    /// since <paramref name="since"/>, or null when the tracker has no events API.
    /// </summary>
    /// <param name="project">The project's link name.</param>
    /// <param name="since">The oldest event date to read.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyList<TrackerEvent>?> ListEventsAsync(string project, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Completeness of every series of <paramref name="project"/> started since <paramref name="since"/>
    /// (series id -> every patch received), for the optional series-complete tag.
    /// </summary>
    /// <param name="project">The project's link name.</param>
    /// <param name="since">The oldest series date to read.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    Task<IReadOnlyDictionary<long, bool>> ListSeriesCompletenessAsync(string project, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>One series: whether it is complete, and its patches.</summary>
    /// <param name="seriesId">The tracker's series id.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    Task<TrackerSeries> GetSeriesAsync(long seriesId, CancellationToken cancellationToken);

    /// <summary>The current state of one patch.</summary>
    /// <param name="patchId">The tracker's patch id.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    Task<TrackerPatch> GetPatchAsync(long patchId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a patch from <paramref name="current"/> to <paramref name="desired"/>, sending only the fields that
    /// differ (so a field another client changed meanwhile is not overwritten); returns the patch as the tracker
    /// now holds it, after checking that it shows the change.
    /// </summary>
    /// <param name="patchId">The tracker's patch id.</param>
    /// <param name="current">The value the change is planned from (the fields equal to it are not sent).</param>
    /// <param name="desired">The state and archived flag to set.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    Task<TrackerPatch> UpdatePatchAsync(long patchId, PatchSnapshot current, PatchSnapshot desired, CancellationToken cancellationToken);
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PatchSync.Core.Model;
using PatchSync.Core.Ports;

namespace PatchSync.Tracker;

/// <summary>
/// The client as the engine's <see cref="ITracker"/>. Turns the client's typed errors into the port's
/// (refused, not applied, failed); a tracker with no events endpoint (404) is reported as "no events".
/// Implemented explicitly: the engine sees the port, other callers the Patchwork API.
/// </summary>
public sealed partial class PatchworkClient : ITracker
{
    // What the engine needs to hear about: new patches, state changes, and (for the extra tags) delegate,
    // checks and completed series.
    private static readonly string[] EventCategoryFilter =
    [
        EventCategories.PatchCreated,
        EventCategories.PatchStateChanged,
        EventCategories.PatchDelegated,
        EventCategories.CheckCreated,
        EventCategories.SeriesCompleted,
    ];

    // A 100k listing has a few dozen distinct (state, archived) values: one shared immutable snapshot per
    // value instead of one (and its state string) per patch held for the whole run.
    private static readonly ConcurrentDictionary<(string State, bool Archived), PatchSnapshot> Snapshots = new();

    string ITracker.Name => BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

    async Task ITracker.EnsureProjectAsync(string project, CancellationToken cancellationToken)
    {
        try
        {
            await GetProjectAsync(project, cancellationToken);
        }
        catch (TrackerException e)
        {
            throw new TrackerFailureException(e.Message, e);
        }
    }

    async IAsyncEnumerable<TrackerPatch> ITracker.ListPatchesAsync(string project, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The engine only chunks the listing (ProjectRun.ListAndSyncAsync), so the client may read it from both ends.
        var query = new PatchQuery { Project = project, Since = since.UtcDateTime, AnyOrder = true };
        var patches = ListPatchesAsync(query, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (patches)
        {
            while (true)
            {
                Patch patch;
                try
                {
                    if (!await patches.MoveNextAsync())
                    {
                        yield break;
                    }

                    patch = patches.Current;
                }
                catch (TrackerException e)
                {
                    throw new TrackerFailureException(e.Message, e);
                }

                yield return ToTrackerPatch(patch);
            }
        }
    }

    async Task<IReadOnlyList<TrackerEvent>?> ITracker.ListEventsAsync(string project, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = new EventQuery { Project = project, Since = since.UtcDateTime, Categories = EventCategoryFilter };
        var events = new List<TrackerEvent>();
        try
        {
            await foreach (var e in ListEventsAsync(query, cancellationToken))
            {
                if (e.Payload.Patch is { } patch)
                {
                    events.Add(new TrackerEvent(e.Id, patch.Id, e.Category, Utc(e.Date), e.Payload.CurrentState, PreviousState: e.Payload.PreviousState));
                }
                else if (e.Category == EventCategories.SeriesCompleted && e.Payload.Series is { } series)
                {
                    events.Add(new TrackerEvent(e.Id, 0, e.Category, Utc(e.Date), SeriesId: series.Id));
                }
            }
        }
        catch (TrackerNotFoundException)
        {
            // A tracker without the events API (or an old API version): the engine falls back to listing.
            return null;
        }
        catch (TrackerException e)
        {
            throw new TrackerFailureException(e.Message, e);
        }

        return events;
    }

    async Task<IReadOnlyDictionary<long, bool>> ITracker.ListSeriesCompletenessAsync(string project, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var complete = new Dictionary<long, bool>();
        try
        {
            await foreach (var series in ListSeriesAsync(project, since.UtcDateTime, cancellationToken))
            {
                complete[series.Id] = series.ReceivedAll;
            }
        }
        catch (TrackerException e)
        {
            throw new TrackerFailureException(e.Message, e);
        }

        return complete;
    }

    async Task<TrackerSeries> ITracker.GetSeriesAsync(long seriesId, CancellationToken cancellationToken)
    {
        try
        {
            var series = await GetSeriesAsync(seriesId, cancellationToken);
            return new TrackerSeries(series.Id, series.ReceivedAll, series.Patches.Select(p => p.Id).ToList());
        }
        catch (TrackerException e)
        {
            throw new TrackerFailureException(e.Message, e);
        }
    }

    async Task<TrackerPatch> ITracker.GetPatchAsync(long patchId, CancellationToken cancellationToken)
    {
        try
        {
            return ToTrackerPatch(await GetPatchAsync(patchId, cancellationToken));
        }
        catch (TrackerException e)
        {
            throw new TrackerFailureException(e.Message, e);
        }
    }

    async Task<TrackerPatch> ITracker.UpdatePatchAsync(long patchId, PatchSnapshot current, PatchSnapshot desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        try
        {
            // Nothing differing (a retry of a push that already landed) still sends the state: a PATCH needs a field.
            var stateDiffers = desired.State != current.State || desired.Archived == current.Archived;
            var update = new PatchUpdate
            {
                State = stateDiffers ? desired.State : null,
                Archived = desired.Archived != current.Archived ? desired.Archived : null,
            };
            return ToTrackerPatch(await UpdatePatchAsync(patchId, update, cancellationToken));
        }
        catch (TrackerAuthException e)
        {
            throw new TrackerForbiddenException(e.Message, e);
        }
        catch (TrackerUpdateNotAppliedException e)
        {
            throw new TrackerPushNotAppliedException(e.Message, e);
        }
        catch (TrackerException e)
        {
            throw new TrackerFailureException(e.Message, e);
        }
    }

    private static TrackerPatch ToTrackerPatch(Patch patch) =>
        new(
            patch.Id,
            patch.MessageId,
            Snapshots.GetOrAdd((patch.State, patch.Archived), key => new PatchSnapshot(key.State, key.Archived)),
            Utc(patch.Date),
            patch.Delegate?.Username,
            patch.Check,
            patch.Series.Count > 0 ? patch.Series[0].Id : null);

    // Patchwork serves naive UTC times.
    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

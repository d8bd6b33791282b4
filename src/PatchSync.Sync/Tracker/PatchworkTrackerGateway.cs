using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PatchSync.Core.Model;
using PatchSync.Tracker;

namespace PatchSync.Sync.Tracker;

/// <summary>
/// <see cref="ITrackerGateway"/> on the Patchwork REST client. Turns the client's typed errors into the
/// engine's two (refused vs. failed); a tracker with no events endpoint (404) is reported as "no events".
/// </summary>
public sealed class PatchworkTrackerGateway : ITrackerGateway
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

    private readonly IPatchworkClient _client;

    public PatchworkTrackerGateway(IPatchworkClient client) => _client = client;

    public string Name => _client.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public async Task EnsureProjectAsync(string project, CancellationToken cancellationToken)
    {
        try
        {
            await _client.GetProjectAsync(project, cancellationToken);
        }
        catch (TrackerException e)
        {
            throw new TrackerGatewayException(e.Message, e);
        }
    }

    public async IAsyncEnumerable<TrackerPatch> ListPatchesAsync(string project, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The engine only chunks the listing (ProjectRun.ListAndSyncAsync), so the client may read it from both ends.
        var query = new PatchQuery { Project = project, Since = since.UtcDateTime, AnyOrder = true };
        await using var patches = _client.ListPatchesAsync(query, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                throw new TrackerGatewayException(e.Message, e);
            }

            yield return ToTrackerPatch(patch);
        }
    }

    public async Task<IReadOnlyList<TrackerEvent>?> ListEventsAsync(string project, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = new EventQuery { Project = project, Since = since.UtcDateTime, Categories = EventCategoryFilter };
        var events = new List<TrackerEvent>();
        try
        {
            await foreach (var e in _client.ListEventsAsync(query, cancellationToken))
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
            throw new TrackerGatewayException(e.Message, e);
        }

        return events;
    }

    public async Task<IReadOnlyDictionary<long, bool>> ListSeriesCompletenessAsync(string project, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var complete = new Dictionary<long, bool>();
        try
        {
            await foreach (var series in _client.ListSeriesAsync(project, since.UtcDateTime, cancellationToken))
            {
                complete[series.Id] = series.ReceivedAll;
            }
        }
        catch (TrackerException e)
        {
            throw new TrackerGatewayException(e.Message, e);
        }

        return complete;
    }

    public async Task<TrackerSeries> GetSeriesAsync(long seriesId, CancellationToken cancellationToken)
    {
        try
        {
            var series = await _client.GetSeriesAsync(seriesId, cancellationToken);
            return new TrackerSeries(series.Id, series.ReceivedAll, series.Patches.Select(p => p.Id).ToList());
        }
        catch (TrackerException e)
        {
            throw new TrackerGatewayException(e.Message, e);
        }
    }

    public async Task<TrackerPatch> GetPatchAsync(long patchId, CancellationToken cancellationToken)
    {
        try
        {
            return ToTrackerPatch(await _client.GetPatchAsync(patchId, cancellationToken));
        }
        catch (TrackerException e)
        {
            throw new TrackerGatewayException(e.Message, e);
        }
    }

    public async Task<TrackerPatch> UpdatePatchAsync(long patchId, PatchSnapshot current, PatchSnapshot desired, CancellationToken cancellationToken)
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
            return ToTrackerPatch(await _client.UpdatePatchAsync(patchId, update, cancellationToken));
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
            throw new TrackerGatewayException(e.Message, e);
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

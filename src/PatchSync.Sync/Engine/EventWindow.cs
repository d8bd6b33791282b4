using System.Globalization;
using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>
/// The tracker's event feed as a run reads it, without any I/O: which events are new, which patches and
/// series they send the run to re-read, and the cursor and seen ids the next run starts from. Events are
/// read from one overlap before the cursor (a tracker may commit an event dated earlier than one already
/// served); the ids seen inside that window keep them from being taken in twice.
/// </summary>
/// <param name="started">When the run started.</param>
/// <param name="overlap">How far before the cursor events are read again.</param>
internal sealed class EventWindow(DateTimeOffset started, TimeSpan overlap)
{
    /// <summary>The stored cursor, or the epoch for a scope whose events were never read.</summary>
    public static DateTimeOffset Cursor(IReadOnlyDictionary<string, string> checkpoints, DateTimeOffset epoch) =>
        checkpoints.TryGetValue(CheckpointNames.EventsCursor, out var c) ? ParseTime(c) : epoch;

    /// <summary>Where an incremental run reads events from.</summary>
    public DateTimeOffset ReadFrom(DateTimeOffset cursor) => cursor - overlap;

    /// <summary>Where a full listing reads the events it covers from, and where a run's pushes look for their own events.</summary>
    public DateTimeOffset RecentFrom => started - overlap;

    /// <summary>What the events read from <see cref="ReadFrom"/> ask the run to do.</summary>
    /// <param name="events">The events read.</param>
    /// <param name="checkpoints">The stored checkpoints (for the seen ids).</param>
    /// <param name="cursor">The cursor the events were read from (see <see cref="Cursor"/>).</param>
    /// <param name="extraTags">Whether the project keeps the extra tags (delegate, checks, series complete).</param>
    public EventChanges Take(IReadOnlyList<TrackerEvent> events, IReadOnlyDictionary<string, string> checkpoints, DateTimeOffset cursor, bool extraTags)
    {
        var seen = checkpoints.TryGetValue(CheckpointNames.EventsSeen, out var s) ? ParseIds(s) : [];
        var fresh = events.Where(e => !seen.Contains(e.Id)).ToList();
        var seriesIds = extraTags
            // A series that received its last patch: its patches gain the series-complete tag.
            ? fresh.Where(e => e.SeriesId is not null).Select(e => e.SeriesId!.Value).Distinct().ToList()
            : [];
        var patchIds = new List<long>();
        foreach (var perPatch in fresh.Where(e => e.SeriesId is null).GroupBy(e => e.PatchId))
        {
            if (!extraTags && perPatch.All(e => e.Category is "patch-delegated" or "check-created"))
            {
                // Delegate and checks feed only the optional extra tags.
                continue;
            }

            // Every other event is a reason to read what the tracker holds for the patch now: an event tells
            // that something changed, not the whole value (a state change can come with an archive, which
            // Patchwork reports in no event of its own).
            patchIds.Add(perPatch.Key);
        }

        // The cursor follows the newest event, and also time itself: an event dated more than one overlap
        // before this run's start has had that long to be committed, so the window does not keep
        // re-reading an old burst (a bulk import) on every run.
        var newCursor = new[] { cursor, started - overlap, events.Count == 0 ? cursor : events.Max(e => e.Date) }.Max();
        var windowStart = newCursor - overlap;
        // Seen ids older than the window are not asked for again, so they need not be kept.
        var keep = events.Where(e => e.Date >= windowStart).Select(e => e.Id).Distinct().Order();
        var next = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CheckpointNames.EventsCursor] = FormatTime(newCursor),
            [CheckpointNames.EventsSeen] = string.Join(',', keep),
        };
        return new EventChanges(
            patchIds,
            seriesIds,
            events.Select(e => e.Id).ToHashSet(),
            fresh.Where(e => e.Category == TrackerEvent.StateChanged).ToList(),
            next);
    }

    /// <summary>
    /// The checkpoints after a full listing: every event before the run started is covered by it, so later
    /// runs read events from there; the events inside the overlap window are marked seen so the next run
    /// does not re-read them.
    /// </summary>
    /// <param name="recent">The events read from <see cref="RecentFrom"/> (null when the tracker has no feed).</param>
    public Dictionary<string, string> AfterListing(IReadOnlyList<TrackerEvent>? recent)
    {
        var covered = (recent ?? []).Where(e => e.Date < started).Select(e => e.Id).Order();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CheckpointNames.EventsCursor] = FormatTime(started),
            [CheckpointNames.EventsSeen] = string.Join(',', covered),
        };
    }

    /// <summary>The seen ids <paramref name="seenText"/> with <paramref name="more"/> added, in the checkpoint's form.</summary>
    public static string AddSeen(string seenText, IEnumerable<long> more)
    {
        var seen = ParseIds(seenText);
        seen.UnionWith(more);
        return string.Join(',', seen.Order());
    }

    /// <summary>A time in the checkpoints' form (ISO 8601, UTC).</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A time from the checkpoints' form.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static HashSet<long> ParseIds(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => long.Parse(id, CultureInfo.InvariantCulture))
            .ToHashSet();
}

/// <summary>What an incremental run's new events ask of it.</summary>
/// <param name="PatchIds">Patches to re-read (each once, in the order of their first event).</param>
/// <param name="SeriesIds">Series to re-read for the series-complete tag (their patches re-read too); empty without extra tags.</param>
/// <param name="EventIds">Every event read (seen before or not): what the run's view of the tracker accounts for.</param>
/// <param name="StateChanges">The state changes not seen before (the evidence for pushes a dead run could not check).</param>
/// <param name="Checkpoints">The events cursor and seen ids for the next run.</param>
internal sealed record EventChanges(
    IReadOnlyList<long> PatchIds,
    IReadOnlyList<long> SeriesIds,
    IReadOnlySet<long> EventIds,
    IReadOnlyList<TrackerEvent> StateChanges,
    IReadOnlyDictionary<string, string> Checkpoints);

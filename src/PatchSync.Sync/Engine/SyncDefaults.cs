namespace PatchSync.Sync.Engine;

/// <summary>Engine defaults.</summary>
public static class SyncDefaults
{
    /// <summary>Tracker requests in flight at once.</summary>
    public const int Concurrency = 4;

    /// <summary>
    /// Patches planned, written and committed together. Big enough that a chunk's mail write and state
    /// commit amortise their round trips, small enough that a 100k first sync stays in a small heap.
    /// </summary>
    public const int ChunkSize = 5000;

    /// <summary>How often an incremental run is upgraded to a full check.</summary>
    public static readonly TimeSpan FullCheckInterval = TimeSpan.FromDays(1);

    /// <summary>
    /// Events are re-read this far back before the cursor: an event committed late with an earlier time
    /// (or a small clock difference) is still seen; events already taken in are skipped by id.
    /// </summary>
    public static readonly TimeSpan EventsOverlap = TimeSpan.FromMinutes(2);

    /// <summary>Without an events API, new patches are listed since the last read minus this margin.</summary>
    public static readonly TimeSpan ListingMargin = TimeSpan.FromHours(1);
}

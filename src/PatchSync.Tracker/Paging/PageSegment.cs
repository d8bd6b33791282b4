namespace PatchSync.Tracker.Paging;

/// <summary>
/// A run of pages walked from page 1: the whole listing, or one date slice of it (<c>since</c> inclusive,
/// <c>before</c> exclusive, UTC; null keeps the query's own bound).
/// </summary>
internal sealed record PageSegment(DateTime? Since, DateTime? Before)
{
    public static PageSegment Whole { get; } = new(null, null);
}

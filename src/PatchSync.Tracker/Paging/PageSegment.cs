namespace PatchSync.Tracker.Paging;

/// <summary>
/// A run of pages walked from page 1: the whole listing, or one date slice of it (<c>since</c> inclusive,
/// <c>before</c> exclusive, UTC; null keeps the query's own bound).
/// </summary>
internal sealed record PageSegment(DateTime? Since, DateTime? Before)
{
    public static PageSegment Whole { get; } = new(null, null);

    /// <summary>
    /// Items already handed out before this segment: those dated <see cref="SeenAt.Date"/> with an id in
    /// <see cref="SeenAt.Ids"/>. Set on the slices that continue a plain walk from its last item's date, since
    /// patches with equal dates may sit on both sides of that boundary (in any order on Patchwork).
    /// </summary>
    public SeenAt? Seen { get; init; }

    /// <summary>
    /// Walk this segment in the order opposite to the listing's (<c>-date</c> for a <c>date</c> listing), each
    /// page reversed: the far half of a listing read from its other end, so no request pages deeper than half.
    /// </summary>
    public bool Backward { get; init; }

    /// <summary>The first page to read (later than 1 when the pages before it hold nothing wanted).</summary>
    public int FirstPage { get; init; } = 1;

    /// <summary>The last page to read even if the server has more (where the other end's walk takes over).</summary>
    public int? LastPage { get; init; }
}

/// <summary>Ids of items with one date that were already handed out.</summary>
internal sealed record SeenAt(DateTime Date, IReadOnlySet<long> Ids);

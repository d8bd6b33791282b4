namespace PatchSync.Server.Ingest;

/// <summary>How many Acked-by, Reviewed-by and Tested-by trailer lines a mail's text carries.</summary>
internal sealed record TrailerCounts(int Acked, int Reviewed, int Tested)
{
    /// <summary>No trailers.</summary>
    public static TrailerCounts None { get; } = new(0, 0, 0);

    /// <summary>The sum of two counts (a patch's own trailers plus its replies').</summary>
    public static TrailerCounts operator +(TrailerCounts left, TrailerCounts right) =>
        new(left.Acked + right.Acked, left.Reviewed + right.Reviewed, left.Tested + right.Tested);

    /// <summary>Same as the + operator, for languages without operators.</summary>
    public TrailerCounts Add(TrailerCounts other) => this + other;
}

namespace PatchSync.Server.Ingest;

/// <summary>
/// What one ingest batch adds: the series it creates or extends (with their patches and cover
/// letters), the comments with their parents, and the mails it skips. Store series first, then
/// patches and covers, then comments: a comment's parent may be a patch of the same batch.
/// </summary>
internal sealed record SeriesGroupingResult(
    IReadOnlyList<SeriesGroup> Series, IReadOnlyList<CommentPlacement> Comments, IReadOnlyList<SkippedMail> Skipped)
{
    /// <summary>The number of patches placed in series.</summary>
    public int PatchCount => Series.Sum(s => s.Patches.Count);

    /// <summary>The number of cover letters placed in series.</summary>
    public int CoverCount => Series.Count(s => s.Cover is not null);
}

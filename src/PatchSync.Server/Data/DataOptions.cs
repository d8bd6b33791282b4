namespace PatchSync.Server.Data;

/// <summary>
/// Switches of the read path. Both are on in production; the benchmark turns them off to measure
/// what the covering indexes and the counts table buy (Patchwork's way: wide OFFSET query + COUNT).
/// </summary>
internal sealed record DataOptions
{
    /// <summary>List totals come from the counts table instead of COUNT(*).</summary>
    public bool UseCountCache { get; init; } = true;

    /// <summary>Page ids are picked from a narrow covering index, then rows are fetched by key.</summary>
    public bool UseCoveringIndexes { get; init; } = true;

    /// <summary>Deep pages continue from a cached keyset boundary instead of an OFFSET.</summary>
    public bool UseKeysetCursor { get; init; } = true;
}

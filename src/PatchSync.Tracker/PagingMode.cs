namespace PatchSync.Tracker;

/// <summary>How a listing is walked.</summary>
public enum PagingMode
{
    /// <summary>
    /// Adaptive: plain pages, watching each page's latency; when the order is by date and deep pages get
    /// markedly slower per item than the first ones, the rest of the listing is walked in date slices. A
    /// <c>since</c> that excludes nothing is not sent (Patchwork counts a date range far slower than a project).
    /// With <see cref="PatchQuery.AnyOrder"/> the second half of a slow listing is read newest first instead, and
    /// a <c>since</c> that cuts the history is counted once and applied by the client.
    /// </summary>
    Auto,

    /// <summary>Plain page numbers (OFFSET paging on the server).</summary>
    Pages,

    /// <summary>Date slices whenever the order is by date (for tests and benchmarks).</summary>
    Slices,
}

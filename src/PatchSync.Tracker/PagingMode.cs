namespace PatchSync.Tracker;

/// <summary>How a listing is walked.</summary>
public enum PagingMode
{
    /// <summary>Date slices when the order is by date and the listing is long; plain pages otherwise.</summary>
    Auto,

    /// <summary>Plain page numbers (OFFSET paging on the server).</summary>
    Pages,

    /// <summary>Date slices whenever the order is by date (for tests and benchmarks).</summary>
    Slices,
}

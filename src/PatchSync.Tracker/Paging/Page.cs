namespace PatchSync.Tracker.Paging;

/// <summary>One fetched page: its items and what the <c>Link</c> header said.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, int? LastPage, bool HasNext);

namespace PatchSync.Server.Data.Paging;

/// <summary>
/// What the head of a list request reads: the data version (ETag, keyset cache), the page plan (null
/// for "Invalid page.") and the page's ids in order.
/// </summary>
internal sealed record ListRead(long Version, PagePlan? Plan, IReadOnlyList<long> Ids);

namespace PatchSync.Server.Data.Paging;

/// <summary>One page of a list: the ids in order, the page number served and the number of pages.</summary>
internal sealed record Page(IReadOnlyList<long> Ids, int Number, int LastPage, long Total)
{
    public bool HasNext => Number < LastPage;

    public bool HasPrevious => Number > 1;
}

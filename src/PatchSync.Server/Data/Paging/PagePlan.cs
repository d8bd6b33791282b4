namespace PatchSync.Server.Data.Paging;

/// <summary>Which page to serve, out of how many, before any row is read.</summary>
internal sealed record PagePlan(int Number, int LastPage, long Total, int PerPage)
{
    public long Offset => (long)(Number - 1) * PerPage;
}

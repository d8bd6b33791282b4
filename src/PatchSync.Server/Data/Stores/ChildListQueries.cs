using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// The lists under one patch or cover, as their endpoints and <see cref="Analysis.ListQueryCatalog"/>
/// build them: its comments, oldest first, and its checks.
/// </summary>
internal static class ChildListQueries
{
    /// <summary>The comments whose <paramref name="parentColumn"/> (patch_id or cover_id) is <paramref name="parentId"/>, by date then id.</summary>
    public static ListQuery Comments(string parentColumn, long parentId, long projectId)
    {
        var query = new ListQuery("comments", "c");
        query.Where($"c.{parentColumn} = {{0}}", parentId);
        query.ProjectScope = [projectId];
        query.Order.Add(new OrderColumn("c.date", false));
        query.FinishOrder("c.id");
        return query;
    }

    /// <summary>The checks of a patch, by id, optionally only those of one state and/or context.</summary>
    public static ListQuery Checks(long patchId, long projectId, string? state = null, string? context = null)
    {
        var query = new ListQuery("checks", "k");
        query.Where("k.patch_id = {0}", patchId);
        query.ProjectScope = [projectId];
        if (state is not null)
        {
            query.Where("k.state = {0}", state);
        }

        if (context is not null)
        {
            query.Where("k.context = {0}", context);
        }

        query.FinishOrder("k.id");
        return query;
    }
}

namespace PatchSync.Tracker;

/// <summary>The event categories Patchwork writes (the <c>category</c> filter of <c>/events/</c>).</summary>
public static class EventCategories
{
    public const string CoverCreated = "cover-created";
    public const string PatchCreated = "patch-created";
    public const string PatchCompleted = "patch-completed";
    public const string PatchStateChanged = "patch-state-changed";
    public const string PatchDelegated = "patch-delegated";
    public const string PatchRelationChanged = "patch-relation-changed";
    public const string CheckCreated = "check-created";
    public const string SeriesCreated = "series-created";
    public const string SeriesCompleted = "series-completed";
    public const string CoverCommentCreated = "cover-comment-created";
    public const string PatchCommentCreated = "patch-comment-created";
}

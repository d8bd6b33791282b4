namespace PatchSync.Tracker;

/// <summary>The event categories Patchwork writes (the <c>category</c> filter of <c>/events/</c>).</summary>
public static class EventCategories
{
    /// <summary>A cover letter arrived.</summary>
    public const string CoverCreated = "cover-created";

    /// <summary>A patch arrived.</summary>
    public const string PatchCreated = "patch-created";

    /// <summary>A patch's series became complete, so its dependencies are known.</summary>
    public const string PatchCompleted = "patch-completed";

    /// <summary>A patch's state changed; the payload has the previous and current state.</summary>
    public const string PatchStateChanged = "patch-state-changed";

    /// <summary>A patch's delegate changed; the payload has the previous and current delegate.</summary>
    public const string PatchDelegated = "patch-delegated";

    /// <summary>A patch joined or left a set of related patches (API 1.2+).</summary>
    public const string PatchRelationChanged = "patch-relation-changed";

    /// <summary>A CI check was reported on a patch.</summary>
    public const string CheckCreated = "check-created";

    /// <summary>A series started.</summary>
    public const string SeriesCreated = "series-created";

    /// <summary>The last patch of a series arrived.</summary>
    public const string SeriesCompleted = "series-completed";

    /// <summary>A reply to a cover letter arrived (API 1.3).</summary>
    public const string CoverCommentCreated = "cover-comment-created";

    /// <summary>A reply to a patch arrived (API 1.3).</summary>
    public const string PatchCommentCreated = "patch-comment-created";
}

namespace PatchSync.Server.Data.Stores;

/// <summary>What <see cref="PatchStore.UpdateAsync(long, PatchUpdate, long?, Paging.QueryTimings, CancellationToken)"/> did; anything but <see cref="Updated"/> changed nothing.</summary>
internal enum PatchUpdateResult
{
    /// <summary>The update was applied (and committed).</summary>
    Updated,

    /// <summary>No patch has the id.</summary>
    NotFound,

    /// <summary>A relation change touches a patch of a project the caller does not maintain (Patchwork's 403).</summary>
    NotMaintainer,

    /// <summary>A relation change would join two relations (Patchwork's 409: break before make).</summary>
    RelationConflict,
}

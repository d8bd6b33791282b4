namespace PatchSync.State;

/// <summary>The checkpoint scopes pwsync uses (any other text works too).</summary>
public static class CheckpointScopes
{
    /// <summary>Tracker events cursor; key = tracker URL + " " + project.</summary>
    public const string Events = "events";

    /// <summary>Mail store checkpoint (kind + value text); key = store name.</summary>
    public const string Mail = "mail";

    /// <summary>When the last periodic full check ran; key = tracker URL + " " + project.</summary>
    public const string FullCheck = "full-check";

    /// <summary>The key for a tracker project: <c>tracker + " " + project</c>.</summary>
    public static string ProjectKey(string tracker, string project) => tracker + " " + project;
}

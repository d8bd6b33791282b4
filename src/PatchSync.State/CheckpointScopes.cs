namespace PatchSync.State;

/// <summary>Keys for checkpoints (the scopes themselves are chosen by the caller; any text works).</summary>
public static class CheckpointScopes
{
    /// <summary>The key for a tracker project: <c>tracker + " " + project</c>.</summary>
    public static string ProjectKey(string tracker, string project) => tracker + " " + project;
}

using PatchSync.Core.Ports;

namespace PatchSync.State;

/// <summary>Keys for checkpoints (the scopes themselves are chosen by the caller; any text works).</summary>
public static class CheckpointScopes
{
    /// <summary>The key for a tracker project: <c>tracker + " " + project</c>.</summary>
    public static string ProjectKey(string tracker, string project) => tracker + " " + project;

    /// <summary>The scope of a project's engine checkpoints: <c>sync TRACKER PROJECT</c>.</summary>
    public static string Sync(StateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return "sync " + ProjectKey(scope.Tracker, scope.Project);
    }
}

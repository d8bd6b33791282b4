namespace PatchSync.Sync.Engine;

/// <summary>The kinds of side effect a run has.</summary>
public enum SyncStepKind
{
    /// <summary>A transaction committed to the state store.</summary>
    StateCommit,

    /// <summary>A state change sent to the tracker.</summary>
    TrackerPush,

    /// <summary>A batch of tag changes applied to a mail store.</summary>
    MailWrite,
}

namespace PatchSync.Sync.Persistence;

/// <summary>The names under which the engine stores its checkpoints.</summary>
public static class CheckpointNames
{
    /// <summary>The mail store's checkpoint, as <c>kind</c> newline <c>value</c>.</summary>
    public const string Mail = "mail.checkpoint";

    /// <summary>The events cursor: ISO time of the newest event taken in.</summary>
    public const string EventsCursor = "events.cursor";

    /// <summary>Ids of events inside the overlap window already taken in (comma separated).</summary>
    public const string EventsSeen = "events.seen";

    /// <summary>When the tracker was last listed or read for changes (ISO time).</summary>
    public const string TrackerReadAt = "tracker.read_at";

    /// <summary>When the last full check finished (ISO time).</summary>
    public const string FullCheckAt = "full_check.at";

    /// <summary>The epoch the scope was first synced from (ISO time).</summary>
    public const string Epoch = "epoch";
}

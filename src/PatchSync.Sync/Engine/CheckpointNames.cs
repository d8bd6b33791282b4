namespace PatchSync.Sync.Engine;

/// <summary>The names under which the engine stores its checkpoints.</summary>
public static class CheckpointNames
{
    /// <summary>
    /// The mail store's checkpoint text (<see cref="MailKind"/> holds its kind). Files written before the
    /// kind had its own key hold <c>kind</c> newline <c>value</c> here.
    /// </summary>
    public const string Mail = "mail.checkpoint";

    /// <summary>The kind of <see cref="Mail"/> (<c>imap</c>, <c>notmuch</c>): a key of its own, so a checkpoint of megabytes is never copied to join or split the two.</summary>
    public const string MailKind = "mail.checkpoint.kind";

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

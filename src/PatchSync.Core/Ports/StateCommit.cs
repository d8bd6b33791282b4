using PatchSync.Core.Planning;

namespace PatchSync.Core.Ports;

/// <summary>
/// Everything one transaction writes. The engine builds one per step (outbox intent, a confirmed push,
/// an applied retag batch, the end-of-run checkpoints) so that the state never runs ahead of the sides.
/// </summary>
public sealed class StateCommit
{
    /// <summary>Patches to insert or replace, by patch id (a later record of the same patch replaces an earlier one).</summary>
    public Dictionary<long, PatchRecord> Patches { get; } = [];

    /// <summary>Messages whose last seen tags to insert or replace.</summary>
    public Dictionary<string, IReadOnlySet<string>> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages no copy carries any more.</summary>
    public List<string> RemovedMessages { get; } = [];

    /// <summary>Checkpoints to set.</summary>
    public Dictionary<string, string> Checkpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>Pushes to record before sending.</summary>
    public List<PendingPush> OutboxAdd { get; } = [];

    /// <summary>Patch ids whose outbox entry is done (confirmed, dropped or superseded).</summary>
    public List<long> OutboxRemove { get; } = [];

    /// <summary>Patch ids whose push failed this run, with the one-line error: the entry stays, its attempts count up.</summary>
    public Dictionary<long, string> OutboxFailed { get; } = [];

    /// <summary>Conflicts to append to the log.</summary>
    public List<ConflictDecided> Conflicts { get; } = [];

    /// <summary>True when the commit writes nothing (the engine then skips the transaction).</summary>
    public bool IsEmpty =>
        Patches.Count == 0 && Messages.Count == 0 && RemovedMessages.Count == 0 && Checkpoints.Count == 0
        && OutboxAdd.Count == 0 && OutboxRemove.Count == 0 && OutboxFailed.Count == 0 && Conflicts.Count == 0;
}

using PatchSync.Core.Model;

namespace PatchSync.Core.Planning;

/// <summary>One step of a sync plan for one patch. The engine carries these out; the planner does no I/O.</summary>
public abstract record PlannedAction(long PatchId);

/// <summary>
/// Change the pwsync-owned tags of every copy of a mail. <paramref name="Add"/> and <paramref name="Remove"/>
/// only ever hold owned tags (those with the prefix).
/// </summary>
public sealed record RetagMail(long PatchId, string MessageId, IReadOnlySet<string> Add, IReadOnlySet<string> Remove)
    : PlannedAction(PatchId);

/// <summary>
/// Set the patch on the tracker to <paramref name="Desired"/>, but only if the tracker still holds
/// <paramref name="Expected"/> (compare-and-set: the engine re-reads the patch before sending).
/// </summary>
public sealed record PushToTracker(long PatchId, string MessageId, PatchSnapshot Expected, PatchSnapshot Desired)
    : PlannedAction(PatchId);

/// <summary>
/// Both sides hold (or, once the patch's earlier actions succeed, will hold) <paramref name="Value"/>:
/// store it as the new base. Always the patch's last action; the engine stores it only if every earlier
/// action of the patch succeeded.
/// </summary>
public sealed record RecordSynced(long PatchId, string MessageId, PatchSnapshot Value) : PlannedAction(PatchId);

/// <summary>
/// Tracker and mail both changed the patch differently since <paramref name="Base"/>. The rule picked
/// <paramref name="Winner"/>; the losing side's value is kept here so it is logged, never dropped.
/// The plan also holds the retag or push that applies the winner.
/// </summary>
public sealed record ConflictDecided(
    long PatchId,
    string MessageId,
    PatchSnapshot? Base,
    PatchSnapshot Tracker,
    PatchSnapshot Mail,
    ConflictRule Winner,
    string Reason) : PlannedAction(PatchId);

/// <summary>No mail in the store carries the patch's Message-ID: counted and reported.</summary>
public sealed record MailMissing(long PatchId, string MessageId) : PlannedAction(PatchId);

using PatchSync.Core.Model;

namespace PatchSync.Core.Planning;

/// <summary>Everything the planner knows about one patch: the three sides of the three-way merge.</summary>
/// <param name="PatchId">The tracker's patch id.</param>
/// <param name="MessageId">The patch mail's Message-ID, without angle brackets.</param>
/// <param name="Base">What was last synced (from the state store), or null if the patch was never synced.</param>
/// <param name="Tracker">
/// The tracker's value now. On an incremental run a patch the tracker reported no change for is passed
/// with its last known tracker value (normally <paramref name="Base"/>).
/// </param>
/// <param name="MailTags">
/// The pwsync-owned tags (those with the prefix) on the mail now, merged over all copies; null when no
/// mail carries this Message-ID.
/// </param>
/// <param name="ExtraTags">
/// Read-only tags derived from the tracker (delegate, checks, series complete) that the mail should carry;
/// they are set and cleared by pwsync but never read back as edits. Null means "not computed": read-only
/// tags the mail has are then kept; an empty set clears them.
/// </param>
public sealed record PatchSyncInput(
    long PatchId,
    string MessageId,
    PatchSnapshot? Base,
    PatchSnapshot Tracker,
    IReadOnlySet<string>? MailTags,
    IReadOnlySet<string>? ExtraTags = null);

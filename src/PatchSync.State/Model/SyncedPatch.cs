using PatchSync.Core.Model;

namespace PatchSync.State.Model;

/// <summary>What the state store remembers of one patch: the value last synced on both sides.</summary>
/// <param name="PatchId">The tracker's patch id.</param>
/// <param name="MessageId">The patch mail's Message-ID, without angle brackets.</param>
/// <param name="Value">The state and archived flag both sides agreed on at the last sync (the planner's base).</param>
/// <param name="TrackerMarker">
/// The tracker-side change marker seen with that value (e.g. the last event id or date), opaque to the store.
/// </param>
public sealed record SyncedPatch(long PatchId, string MessageId, PatchSnapshot Value, string? TrackerMarker = null);

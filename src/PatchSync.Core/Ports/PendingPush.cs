using PatchSync.Core.Model;

namespace PatchSync.Core.Ports;

/// <summary>A push recorded before it is sent and cleared once the tracker confirms it.</summary>
/// <param name="PatchId">The patch to change.</param>
/// <param name="MessageId">Its Message-ID.</param>
/// <param name="Expected">The tracker value the push was planned against (compare-and-set).</param>
/// <param name="Desired">The value to set.</param>
public sealed record PendingPush(long PatchId, string MessageId, PatchSnapshot Expected, PatchSnapshot Desired);

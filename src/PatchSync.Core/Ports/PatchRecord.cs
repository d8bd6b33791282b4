using PatchSync.Core.Model;

namespace PatchSync.Core.Ports;

/// <summary>What the state store knows about one patch.</summary>
/// <param name="PatchId">The tracker's id.</param>
/// <param name="MessageId">The patch mail's Message-ID.</param>
/// <param name="Base">The value both sides last agreed on (the three-way base); null if never synced.</param>
/// <param name="Tracker">The tracker's value as last read.</param>
public sealed record PatchRecord(long PatchId, string MessageId, PatchSnapshot? Base, PatchSnapshot Tracker);

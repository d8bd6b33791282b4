using PatchSync.Core.Model;
using PatchSync.Core.Planning;

namespace PatchSync.Sync.State;

/// <summary>One entry of the conflicts log: both sides changed a patch differently; the losing value is kept here.</summary>
public sealed record ConflictRecord(
    long PatchId,
    string MessageId,
    PatchSnapshot? Base,
    PatchSnapshot Tracker,
    PatchSnapshot Mail,
    ConflictRule Winner,
    string Reason,
    DateTimeOffset At);

using PatchSync.Core.Model;
using PatchSync.Core.Planning;

namespace PatchSync.State.Model;

/// <summary>One row of the conflicts log: both sides changed a patch differently; the loser's value is kept here.</summary>
/// <param name="Id">Row id.</param>
/// <param name="At">When it was logged.</param>
/// <param name="Tracker">The tracker's base URL.</param>
/// <param name="Project">The project's link name.</param>
/// <param name="PatchId">The tracker's patch id.</param>
/// <param name="MessageId">The patch mail's Message-ID.</param>
/// <param name="Base">The last synced value, or null at first sync.</param>
/// <param name="TrackerValue">The tracker's value when planned.</param>
/// <param name="MailValue">The mail's value when planned.</param>
/// <param name="Winner">The side whose value was kept.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ConflictRecord(
    long Id,
    DateTimeOffset At,
    string Tracker,
    string Project,
    long PatchId,
    string MessageId,
    PatchSnapshot? Base,
    PatchSnapshot TrackerValue,
    PatchSnapshot MailValue,
    ConflictRule Winner,
    string Reason);

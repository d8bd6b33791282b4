namespace PatchSync.Core.Planning;

/// <summary>Which side wins when tracker and mail both changed a patch differently since the last sync.</summary>
public enum ConflictRule
{
    /// <summary>The tracker's value wins (default): the mail is retagged, the mail-side edit is logged.</summary>
    Tracker,

    /// <summary>The mail's value wins: it is pushed to the tracker, the tracker-side edit is logged.</summary>
    Mail,
}

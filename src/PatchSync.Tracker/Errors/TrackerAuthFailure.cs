namespace PatchSync.Tracker;

/// <summary>Why the tracker refused a request (Patchwork answers 403 for all three).</summary>
public enum TrackerAuthFailure
{
    /// <summary>No token was sent but the request needs one.</summary>
    MissingToken,

    /// <summary>The token was rejected.</summary>
    InvalidToken,

    /// <summary>The user is known but may not do this (e.g. not a maintainer of the project).</summary>
    NotPermitted,
}

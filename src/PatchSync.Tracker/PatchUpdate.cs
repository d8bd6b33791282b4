namespace PatchSync.Tracker;

/// <summary>
/// A PATCH of a patch's writable fields. Null fields are not sent. Every field sets an absolute value,
/// so sending the same update twice is harmless: that is why the client may retry it after a
/// connection failure or a 5xx.
/// </summary>
public sealed record PatchUpdate
{
    /// <summary>State slug (the server also accepts names such as "Under Review").</summary>
    public string? State { get; init; }

    /// <summary>Archives (true) or unarchives (false) the patch.</summary>
    public bool? Archived { get; init; }

    /// <summary>The delegate to set: <see cref="DelegateChange.To"/> a user id or <see cref="DelegateChange.None"/>.</summary>
    public DelegateChange? Delegate { get; init; }

    /// <summary>True when the update would send nothing.</summary>
    public bool IsEmpty => State is null && Archived is null && Delegate is null;
}

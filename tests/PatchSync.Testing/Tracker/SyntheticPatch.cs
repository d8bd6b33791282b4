namespace PatchSync.Testing.Tracker;

/// <summary>A generated patch row of <see cref="SyntheticPatchwork"/>.</summary>
public sealed record SyntheticPatch(long Id, DateTime Date, string State, bool Archived, string MessageId)
{
    /// <summary>The delegate's user id (the double knows one user, id 1, the project maintainer), or none.</summary>
    public long? DelegateId { get; init; }
}

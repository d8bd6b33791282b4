namespace PatchSync.Testing.Tracker;

/// <summary>A generated patch row of <see cref="SyntheticPatchwork"/>.</summary>
public sealed record SyntheticPatch(long Id, DateTime Date, string State, bool Archived, string MessageId);

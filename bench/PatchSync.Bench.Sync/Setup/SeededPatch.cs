namespace PatchSync.Bench.Sync.Setup;

/// <summary>One generated patch: its tracker id, its mail's Message-ID (no brackets) and its state when seeded.</summary>
public sealed record SeededPatch(long Id, string MessageId, DateTime Date, string State, bool Archived, string Subject);

namespace PatchSync.State.Model;

/// <summary>What the state store remembers of one message in one mail store.</summary>
/// <param name="MessageId">Without angle brackets.</param>
/// <param name="Tags">The pwsync-owned tags last synced.</param>
/// <param name="Location">A short summary of where its copies live (for reports), or null.</param>
public sealed record SyncedMessage(string MessageId, IReadOnlySet<string> Tags, string? Location);

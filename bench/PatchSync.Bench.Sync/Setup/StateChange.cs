namespace PatchSync.Bench.Sync.Setup;

/// <summary>One patch moved from <paramref name="From"/> to <paramref name="To"/> on one side (tracker or mail).</summary>
public sealed record StateChange(long PatchId, string MessageId, string From, string To);

namespace PatchSync.Core.Ports;

/// <summary>Tags to add and to remove on every copy of one Message-ID. Only owned tags are allowed.</summary>
public sealed record TagChange(string MessageId, IReadOnlySet<string> Add, IReadOnlySet<string> Remove);

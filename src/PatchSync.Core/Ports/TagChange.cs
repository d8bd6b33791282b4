namespace PatchSync.Core.Ports;

/// <summary>Tags to add and to remove on every copy of one Message-ID. Only owned tags are allowed.</summary>
/// <param name="MessageId">The Message-ID without angle brackets.</param>
/// <param name="Add">Owned tags to add.</param>
/// <param name="Remove">Owned tags to remove.</param>
public sealed record TagChange(string MessageId, IReadOnlySet<string> Add, IReadOnlySet<string> Remove);

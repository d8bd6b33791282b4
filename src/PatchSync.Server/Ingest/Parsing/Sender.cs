namespace PatchSync.Server.Ingest;

/// <summary>A mail's sender: display name (or null) and address.</summary>
internal sealed record Sender(string? Name, string Email);

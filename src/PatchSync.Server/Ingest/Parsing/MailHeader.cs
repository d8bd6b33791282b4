namespace PatchSync.Server.Ingest;

/// <summary>One mail header, its value decoded (RFC 2047) and unfolded.</summary>
internal sealed record MailHeader(string Name, string Value);

namespace PatchSync.Server.Ingest;

/// <summary>A mail text split into its diff and the remaining comment; either may be null.</summary>
internal sealed record PatchSplit(string? Diff, string? Comment);

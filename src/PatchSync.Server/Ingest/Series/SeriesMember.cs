namespace PatchSync.Server.Ingest;

/// <summary>A patch of this batch and its number in its series (1 for an unnumbered patch).</summary>
internal sealed record SeriesMember(ParsedMail Mail, int Number);

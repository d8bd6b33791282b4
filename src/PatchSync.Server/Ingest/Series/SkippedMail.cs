namespace PatchSync.Server.Ingest;

/// <summary>A parsed mail that is not ingested, with the reason (duplicate, reply to an unknown thread).</summary>
internal sealed record SkippedMail(ParsedMail Mail, string Reason)
{
    /// <summary>Skipped because the tracker holds it already: a re-ingest, not a bad mail.</summary>
    public bool AlreadyStored { get; init; }
}

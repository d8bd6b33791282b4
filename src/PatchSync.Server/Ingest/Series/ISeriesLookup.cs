namespace PatchSync.Server.Ingest;

/// <summary>
/// What <see cref="SeriesGrouping"/> needs to know about mails ingested by earlier batches.
/// The server implements it against its database; <see cref="InMemorySeriesLookup"/> is the
/// in-memory version used by tests.
/// </summary>
internal interface ISeriesLookup
{
    /// <summary>
    /// The series that recorded <paramref name="messageId"/> as one of its references (Patchwork's
    /// SeriesReference: the Message-IDs and thread references of the mail that created it, and of
    /// cover letters), or null.
    /// </summary>
    ValueTask<KnownSeries?> FindSeriesByReferenceAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Series from the same submitter (address compared case-insensitively) with this version and
    /// total whose date lies in [<paramref name="from"/>, <paramref name="to"/>]: how Patchwork
    /// groups unthreaded series.
    /// </summary>
    ValueTask<IReadOnlyList<KnownSeries>> FindSeriesByMarkersAsync(
        string submitterEmail, int version, int total, DateTime from, DateTime to, CancellationToken cancellationToken);

    /// <summary>The stored patch, cover letter or comment with this Message-ID, or null.</summary>
    ValueTask<KnownSubmission?> FindSubmissionAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a cover letter with exactly this name (<see cref="ParsedMail.Name"/>) is stored.
    /// Patchwork takes a threaded "0/n" mail whose name an existing cover already has for a reply
    /// (the same cover sent again), not a new cover. The default answers false.
    /// </summary>
    ValueTask<bool> CoverNameExistsAsync(string name, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}

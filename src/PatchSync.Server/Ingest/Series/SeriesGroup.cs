namespace PatchSync.Server.Ingest;

/// <summary>
/// A series that mails of this batch were added to: a new one (<see cref="IsNew"/>, key
/// "new-N") or one already stored (its <see cref="KnownSeries.Key"/>).
/// </summary>
internal sealed record SeriesGroup
{
    /// <summary>"new-1", "new-2", ... for a new series; the stored series' key otherwise.</summary>
    public required string Key { get; init; }

    /// <summary>True when the series has to be created.</summary>
    public required bool IsNew { get; init; }

    /// <summary>
    /// The series name, set once by whichever arrives first (as Patchwork does): the cover letter
    /// (its name without the [..] prefixes) or patch 1 (its full name). Null while neither has
    /// arrived, e.g. for a series of which only "[2/3]" has been received so far.
    /// </summary>
    public required string? Name { get; init; }

    /// <summary>The series version.</summary>
    public required int Version { get; init; }

    /// <summary>The announced number of patches (1 for an unnumbered patch).</summary>
    public required int Total { get; init; }

    /// <summary>The date of the mail that created the series (UTC).</summary>
    public required DateTime Date { get; init; }

    /// <summary>The submitter's address (of the mail that created it).</summary>
    public required string SubmitterEmail { get; init; }

    /// <summary>The submitter's name, when this batch created the series.</summary>
    public string? SubmitterName { get; init; }

    /// <summary>The cover letter received in this batch, or null.</summary>
    public ParsedMail? Cover { get; init; }

    /// <summary>Whether the series has a cover letter (stored or from this batch).</summary>
    public required bool HasCover { get; init; }

    /// <summary>The patches of this batch in this series, in arrival order.</summary>
    public required IReadOnlyList<SeriesMember> Patches { get; init; }

    /// <summary>Message-IDs to record as references of this series, so later mails find it.</summary>
    public required IReadOnlyList<string> NewReferences { get; init; }

    /// <summary>Every patch number the series holds after this batch (stored and new).</summary>
    public required IReadOnlyCollection<int> Numbers { get; init; }

    /// <summary>True when patches 1 to <see cref="Total"/> are all present.</summary>
    public bool IsComplete => Enumerable.Range(1, Math.Max(Total, 0)).All(Numbers.Contains);
}

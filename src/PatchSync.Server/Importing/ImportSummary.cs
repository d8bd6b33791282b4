namespace PatchSync.Server.Importing;

/// <summary>What an ingest stored and skipped.</summary>
internal sealed record ImportSummary(int Patches, int Covers, int Comments, int Skipped, int Series)
{
    public static ImportSummary Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Mails read from the inputs (stored, duplicates and skipped alike).</summary>
    public int Mails { get; init; }

    /// <summary>Of <see cref="Skipped"/>, mails the tracker already held (counted in <see cref="Skipped"/> too).</summary>
    public int AlreadyStored { get; init; }

    /// <summary>
    /// Nothing stored although mail was given, and not because it was all there already: every mail could not
    /// be read or used, or no mail was found in the inputs. Ingesting the same mbox twice is no failure.
    /// </summary>
    public bool StoredNothingOfSomething => Patches + Covers + Comments == 0 && AlreadyStored == 0 && (Mails == 0 || Skipped >= Mails);

    public ImportSummary Add(ImportSummary other) => new(
        Patches + other.Patches, Covers + other.Covers, Comments + other.Comments, Skipped + other.Skipped, Series + other.Series)
    {
        Mails = Mails + other.Mails,
        AlreadyStored = AlreadyStored + other.AlreadyStored,
    };

    public override string ToString() => $"patches: {Patches}, covers: {Covers}, comments: {Comments}, skipped: {Skipped}";

    /// <summary>Why nothing was stored, for the one-line error of a failed ingest.</summary>
    public string NothingStoredReason => Mails == 0
        ? "no mail found in the input (is it an mbox file or a maildir?)"
        : $"nothing stored: all {Mails} mail{(Mails == 1 ? string.Empty : "s")} skipped (reasons above)";
}

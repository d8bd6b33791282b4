namespace PatchSync.Server.Importing;

/// <summary>What an ingest stored and skipped.</summary>
public sealed record ImportSummary(int Patches, int Covers, int Comments, int Skipped, int Series)
{
    public static ImportSummary Empty { get; } = new(0, 0, 0, 0, 0);

    public ImportSummary Add(ImportSummary other) => new(
        Patches + other.Patches, Covers + other.Covers, Comments + other.Comments, Skipped + other.Skipped, Series + other.Series);

    public override string ToString() => $"patches: {Patches}, covers: {Covers}, comments: {Comments}, skipped: {Skipped}";
}

namespace PatchSync.Server.Data.Rows;

/// <summary>The fields of a series embedded in a patch or cover.</summary>
internal sealed class SeriesRef
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public long Date { get; init; }

    public long Version { get; init; }
}

using System.Globalization;

namespace PatchSync.Server.Importing;

/// <summary>Where an ingest spent its time, printed by <c>ingest --timings</c>.</summary>
internal sealed class ImportTimings
{
    public TimeSpan Read { get; set; }

    public TimeSpan Group { get; set; }

    public TimeSpan Write { get; set; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"timings: read+parse {Read.TotalSeconds:0.000} s, series grouping {Group.TotalSeconds:0.000} s, write {Write.TotalSeconds:0.000} s");
}

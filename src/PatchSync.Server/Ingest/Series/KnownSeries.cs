namespace PatchSync.Server.Ingest;

/// <summary>A series already stored, as <see cref="ISeriesLookup"/> reports it.</summary>
/// <param name="Key">The server's identifier for the series (opaque to the grouping).</param>
/// <param name="Name">The series name, or null while it has none.</param>
/// <param name="Version">The series version.</param>
/// <param name="Total">The number of patches announced ("n" of "m/n").</param>
/// <param name="Date">The date of the mail that created it (UTC).</param>
/// <param name="SubmitterEmail">The address of the person who sent it.</param>
/// <param name="HasCover">Whether it has a cover letter.</param>
/// <param name="Numbers">The patch numbers it holds.</param>
internal sealed record KnownSeries(
    string Key, string? Name, int Version, int Total, DateTime Date, string SubmitterEmail, bool HasCover, IReadOnlyCollection<int> Numbers);

namespace PatchSync.Server.Data.Rows;

internal sealed class CoverRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string Msgid { get; init; } = "";

    public long Date { get; init; }

    public string Name { get; init; } = "";

    public long SubmitterId { get; init; }

    public string SubmitterName { get; init; } = "";

    public string SubmitterEmail { get; init; } = "";

    public long? SeriesId { get; init; }

    public string? SeriesName { get; init; }

    public long? SeriesDate { get; init; }

    public long? SeriesVersion { get; init; }

    public PersonRow Submitter => new() { Id = SubmitterId, Name = SubmitterName, Email = SubmitterEmail };

    public SeriesRef? Series => SeriesId is { } id
        ? new SeriesRef { Id = id, Name = SeriesName ?? "", Date = SeriesDate ?? 0, Version = SeriesVersion ?? 1 }
        : null;

    public const string Select = """
        SELECT c.id, c.project_id, c.msgid, c.date, c.name, c.submitter_id, s.name AS submitter_name, s.email AS submitter_email,
               c.series_id, se.name AS series_name, se.date AS series_date, se.version AS series_version
        FROM covers c
        JOIN people s ON s.id = c.submitter_id
        LEFT JOIN series se ON se.id = c.series_id
        """;
}

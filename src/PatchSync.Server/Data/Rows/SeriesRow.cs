namespace PatchSync.Server.Data.Rows;

internal sealed class SeriesRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string Name { get; init; } = "";

    public long Date { get; init; }

    public long SubmitterId { get; init; }

    public string SubmitterName { get; init; } = "";

    public string SubmitterEmail { get; init; } = "";

    public long Version { get; init; }

    public long Total { get; init; }

    public long ReceivedTotal { get; init; }

    public long? CoverId { get; init; }

    public PersonRow Submitter => new() { Id = SubmitterId, Name = SubmitterName, Email = SubmitterEmail };

    public const string Select = """
        SELECT se.id, se.project_id, se.name, se.date, se.submitter_id, s.name AS submitter_name, s.email AS submitter_email,
               se.version, se.total, se.received_total, se.cover_id
        FROM series se
        JOIN people s ON s.id = se.submitter_id
        """;
}

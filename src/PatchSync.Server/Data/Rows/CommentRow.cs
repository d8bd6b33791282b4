namespace PatchSync.Server.Data.Rows;

internal sealed class CommentRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public long? PatchId { get; init; }

    public long? CoverId { get; init; }

    public string Msgid { get; init; } = "";

    public long Date { get; init; }

    public string Subject { get; init; } = "";

    public long SubmitterId { get; init; }

    public string SubmitterName { get; init; } = "";

    public string SubmitterEmail { get; init; } = "";

    public string Content { get; init; } = "";

    public string Headers { get; init; } = "{}";

    public long? Addressed { get; init; }

    public PersonRow Submitter => new() { Id = SubmitterId, Name = SubmitterName, Email = SubmitterEmail };

    public const string Select = """
        SELECT c.id, c.project_id, c.patch_id, c.cover_id, c.msgid, c.date, c.subject, c.submitter_id,
               s.name AS submitter_name, s.email AS submitter_email, c.content, c.headers, c.addressed
        FROM comments c
        JOIN people s ON s.id = c.submitter_id
        """;
}

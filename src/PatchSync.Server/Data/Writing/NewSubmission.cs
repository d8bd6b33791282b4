namespace PatchSync.Server.Data.Writing;

/// <summary>A cover letter or comment to store (a comment names its parent patch or cover).</summary>
public sealed record NewSubmission
{
    public required string Msgid { get; init; }

    public required long Date { get; init; }

    public required string Name { get; init; }

    public required long SubmitterId { get; init; }

    public long? SeriesId { get; init; }

    public long? PatchId { get; init; }

    public long? CoverId { get; init; }

    public string HeadersJson { get; init; } = "{}";

    public string Content { get; init; } = "";
}

namespace PatchSync.Server.Data.Writing;

/// <summary>A cover letter or comment to store (a comment names its parent patch or cover).</summary>
internal sealed record NewSubmission : NewMessage
{
    public long? PatchId { get; init; }

    public long? CoverId { get; init; }
}

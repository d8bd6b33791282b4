namespace PatchSync.Server.Data.Stores;

/// <summary>An event to write: its category, project and time, and the rows its payload refers to.</summary>
public sealed record NewEvent(long ProjectId, string Category, long Date)
{
    public long? ActorId { get; init; }

    public long? PatchId { get; init; }

    public long? CoverId { get; init; }

    public long? SeriesId { get; init; }

    public long? CommentId { get; init; }

    public long? CheckId { get; init; }

    public string? PreviousState { get; init; }

    public string? CurrentState { get; init; }

    public long? PreviousDelegateId { get; init; }

    public long? CurrentDelegateId { get; init; }
}

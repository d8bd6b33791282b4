namespace PatchSync.Server.Data.Rows;

public sealed class EventRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string Category { get; init; } = "";

    public long Date { get; init; }

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

    public const string Columns = "id, project_id, category, date, actor_id, patch_id, cover_id, series_id, comment_id, check_id, previous_state, current_state, previous_delegate_id, current_delegate_id";
}

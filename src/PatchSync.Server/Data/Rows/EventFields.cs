namespace PatchSync.Server.Data.Rows;

/// <summary>
/// The columns of an event besides its id: what <see cref="Stores.EventWriter"/> inserts from a
/// <see cref="Stores.NewEvent"/> and what an <see cref="EventRow"/> reads back.
/// </summary>
internal abstract class EventFields
{
    /// <summary>The column of each property below, in order (each the snake_case of its property's name).</summary>
    public const string FieldColumns = "project_id, category, date, actor_id, patch_id, cover_id, series_id, comment_id, check_id, previous_state, current_state, previous_delegate_id, current_delegate_id";

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
}

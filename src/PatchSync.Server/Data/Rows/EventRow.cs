namespace PatchSync.Server.Data.Rows;

/// <summary>A stored event, as the events list reads it.</summary>
internal sealed class EventRow : EventFields
{
    public const string Columns = "id, " + FieldColumns;

    public long Id { get; init; }
}

namespace PatchSync.Server.Data.Rows;

/// <summary>A patch or cover as embedded in series and event payloads.</summary>
internal sealed class SubmissionRef
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string Msgid { get; init; } = "";

    public long Date { get; init; }

    public string Name { get; init; } = "";

    public long? SeriesId { get; init; }

    /// <summary>The columns of this row, in the patches and covers tables alike.</summary>
    public const string Columns = "id, project_id, msgid, date, name, series_id";
}

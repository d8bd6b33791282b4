namespace PatchSync.Server.Data.Rows;

/// <summary>A patch of a bundle, with the columns an embedded patch shows.</summary>
internal sealed class BundlePatchRow
{
    public long BundleId { get; init; }

    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string Msgid { get; init; } = "";

    public long Date { get; init; }

    public string Name { get; init; } = "";

    /// <summary>The patch as embedded elsewhere (series, events).</summary>
    public SubmissionRef ToRef() => new() { Id = Id, ProjectId = ProjectId, Msgid = Msgid, Date = Date, Name = Name };
}

using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Api.Json;

/// <summary>Everything a page of events embeds, loaded in one batch per kind.</summary>
internal sealed class EventRefs
{
    public Dictionary<long, ProjectRow> Projects { get; } = [];

    public Dictionary<long, UserRow> Users { get; } = [];

    public Dictionary<long, SubmissionRef> Patches { get; } = [];

    public Dictionary<long, SubmissionRef> Covers { get; } = [];

    public Dictionary<long, SeriesRef> Series { get; } = [];

    public Dictionary<long, CheckRow> Checks { get; } = [];

    public Dictionary<long, CommentRow> Comments { get; } = [];
}

namespace PatchSync.Server.Data.Writing;

/// <summary>A patch to store; <see cref="Msgid"/> includes the angle brackets, dates are UTC microseconds.</summary>
public sealed record NewPatch
{
    public required string Msgid { get; init; }

    public required long Date { get; init; }

    public required string Name { get; init; }

    public required long SubmitterId { get; init; }

    public long StateId { get; init; } = States.NewId;

    public bool Archived { get; init; }

    public string? Hash { get; init; }

    public string? PullUrl { get; init; }

    public long? SeriesId { get; init; }

    public int? SeriesNumber { get; init; }

    public string PrefixesJson { get; init; } = "[]";

    public string HeadersJson { get; init; } = "{}";

    public string Content { get; init; } = "";

    public string? Diff { get; init; }
}

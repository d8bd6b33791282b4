namespace PatchSync.Server.Data.Writing;

/// <summary>
/// The fields every stored mail has, patch, cover letter or comment: <see cref="Msgid"/> includes the
/// angle brackets, dates are UTC microseconds.
/// </summary>
internal abstract record NewMessage
{
    public required string Msgid { get; init; }

    public required long Date { get; init; }

    public required string Name { get; init; }

    public required long SubmitterId { get; init; }

    public long? SeriesId { get; init; }

    public string HeadersJson { get; init; } = "{}";

    public string Content { get; init; } = "";
}

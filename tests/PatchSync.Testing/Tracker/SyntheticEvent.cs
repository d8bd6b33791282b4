namespace PatchSync.Testing.Tracker;

/// <summary>
/// An <c>/events/</c> row of <see cref="SyntheticPatchwork"/>. <see cref="Date"/> is the naive UTC time the
/// tracker recorded it; the payload refers to a patch and/or a series by id.
/// </summary>
public sealed record SyntheticEvent(
    long Id,
    string Category,
    DateTime Date,
    long? PatchId = null,
    long? SeriesId = null,
    string? PreviousState = null,
    string? CurrentState = null,
    long? PreviousDelegateId = null,
    long? CurrentDelegateId = null);

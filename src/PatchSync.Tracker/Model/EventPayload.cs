using System.Text.Json;

namespace PatchSync.Tracker;

/// <summary>
/// The category-specific part of an event. Only the fields of the event's category are set; the
/// rarely needed objects (check, comment) stay raw JSON.
/// </summary>
public sealed record EventPayload
{
    public PatchRef? Patch { get; init; }
    public PatchRef? Cover { get; init; }
    public SeriesRef? Series { get; init; }

    /// <summary>State slug before a <c>patch-state-changed</c> event.</summary>
    public string? PreviousState { get; init; }

    /// <summary>State slug after a <c>patch-state-changed</c> event.</summary>
    public string? CurrentState { get; init; }
    public User? PreviousDelegate { get; init; }
    public User? CurrentDelegate { get; init; }
    public JsonElement? Check { get; init; }
    public JsonElement? Comment { get; init; }
}

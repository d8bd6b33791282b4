using System.Text.Json;

namespace PatchSync.Tracker;

/// <summary>
/// The category-specific part of an event. Only the fields of the event's category are set; the
/// rarely needed objects (check, comment) stay raw JSON.
/// </summary>
public sealed record EventPayload
{
    /// <summary>The patch the event is about (<c>payload.patch</c>).</summary>
    public PatchRef? Patch { get; init; }

    /// <summary>The cover letter the event is about (<c>payload.cover</c>).</summary>
    public PatchRef? Cover { get; init; }

    /// <summary>The series the event is about (<c>payload.series</c>).</summary>
    public SeriesRef? Series { get; init; }

    /// <summary>State slug before a <c>patch-state-changed</c> event.</summary>
    public string? PreviousState { get; init; }

    /// <summary>State slug after a <c>patch-state-changed</c> event.</summary>
    public string? CurrentState { get; init; }

    /// <summary>Delegate before a <c>patch-delegated</c> event; null when there was none.</summary>
    public User? PreviousDelegate { get; init; }

    /// <summary>Delegate after a <c>patch-delegated</c> event; null when it was removed.</summary>
    public User? CurrentDelegate { get; init; }

    /// <summary>The check of a <c>check-created</c> event, unparsed.</summary>
    public JsonElement? Check { get; init; }

    /// <summary>The comment of a <c>*-comment-created</c> event, unparsed.</summary>
    public JsonElement? Comment { get; init; }
}

using PatchSync.Core.Model;

namespace PatchSync.State.Model;

/// <summary>
/// A push to the tracker written down before it is sent and removed once the tracker confirms it, so a
/// run that dies in between finds it again.
/// </summary>
/// <param name="Id">The outbox row id (for <c>CompletePush</c> / <c>FailPush</c>).</param>
/// <param name="Tracker">The tracker's base URL.</param>
/// <param name="Project">The project's link name.</param>
/// <param name="PatchId">The tracker's patch id.</param>
/// <param name="MessageId">The patch mail's Message-ID.</param>
/// <param name="Expected">What the tracker held when the push was planned (compare-and-set).</param>
/// <param name="Desired">What the push sets.</param>
/// <param name="Created">When it was written.</param>
/// <param name="Attempts">How many sends failed so far.</param>
/// <param name="LastError">The last failure's one-line message, or null.</param>
public sealed record OutboxEntry(
    long Id,
    string Tracker,
    string Project,
    long PatchId,
    string MessageId,
    PatchSnapshot Expected,
    PatchSnapshot Desired,
    DateTimeOffset Created,
    int Attempts,
    string? LastError);

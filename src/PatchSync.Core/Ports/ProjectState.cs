
namespace PatchSync.Core.Ports;

/// <summary>The stored state of one scope, as loaded at the start of a run.</summary>
/// <param name="Patches">Patch id -> what is known about it.</param>
/// <param name="Messages">Message-ID -> the pwsync-owned tags last seen on it (patch mails and other mails alike).</param>
/// <param name="Checkpoints">Named checkpoints (the engine names them: <c>PatchSync.Sync.Engine.CheckpointNames</c>).</param>
/// <param name="Outbox">Pushes written but not yet confirmed by the tracker.</param>
public sealed record ProjectState(
    IReadOnlyDictionary<long, PatchRecord> Patches,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Messages,
    IReadOnlyDictionary<string, string> Checkpoints,
    IReadOnlyList<PendingPush> Outbox)
{
    /// <summary>The state of a scope never synced: no patches, messages, checkpoints or pushes.</summary>
    public static ProjectState Empty { get; } = new(
        new Dictionary<long, PatchRecord>(),
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal),
        new Dictionary<string, string>(StringComparer.Ordinal),
        []);
}

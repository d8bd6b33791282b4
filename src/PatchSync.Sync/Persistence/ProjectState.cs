namespace PatchSync.Sync.Persistence;

/// <summary>The stored state of one scope, as loaded at the start of a run.</summary>
/// <param name="Patches">Patch id -> what is known about it.</param>
/// <param name="Messages">Message-ID -> the pwsync-owned tags last seen on it (patch mails and other mails alike).</param>
/// <param name="Checkpoints">Named checkpoints (see <see cref="CheckpointNames"/>).</param>
/// <param name="Outbox">Pushes written but not yet confirmed by the tracker.</param>
public sealed record ProjectState(
    IReadOnlyDictionary<long, PatchRecord> Patches,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Messages,
    IReadOnlyDictionary<string, string> Checkpoints,
    IReadOnlyList<PendingPush> Outbox)
{
    public static ProjectState Empty { get; } = new(
        new Dictionary<long, PatchRecord>(),
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal),
        new Dictionary<string, string>(StringComparer.Ordinal),
        []);
}

namespace PatchSync.Sync.Engine;

/// <summary>
/// A chunk without pushes whose retags the mail store is still writing while the run lists, loads and plans
/// the next chunk (see <see cref="PlanExecutor.ExecuteAsync"/>). Nothing of it is recorded, and nothing of it
/// forgotten from the run's memory, until the run settles it (<see cref="PlanExecutor.SettleAsync"/>).
/// </summary>
/// <param name="Chunk">The chunk's patches.</param>
/// <param name="MessageIds">The Message-IDs of its patches: tags the settling updates.</param>
/// <param name="Writing">The retag batch being written.</param>
/// <param name="Agreed">The agreements to record with the chunk (taken out of <see cref="RunMemory.Agreed"/>).</param>
internal sealed record PendingChunk(
    long[] Chunk,
    HashSet<string> MessageIds,
    PlanExecutor.PendingRetag Writing,
    Dictionary<long, Core.Model.PatchSnapshot> Agreed)
{
    private readonly HashSet<long> _ids = [.. Chunk];

    /// <summary>Whether <paramref name="id"/> is one of the chunk's patches.</summary>
    public bool Contains(long id) => _ids.Contains(id);

    /// <summary>
    /// Whether planning <paramref name="ids"/> (with mails <paramref name="messageIds"/>) needs this chunk
    /// settled first: a patch in both, or a mail whose tags this chunk is changing.
    /// </summary>
    public bool SharesAny(IEnumerable<long> ids, IEnumerable<string> messageIds) =>
        ids.Any(_ids.Contains) || messageIds.Any(MessageIds.Contains);
}

namespace PatchSync.Core.Ports;

/// <summary>
/// How far a saved mail checkpoint reaches, per folder (<c>""</c> for a store without folders): a small
/// summary made once per saved checkpoint, so an IMAP checkpoint of megabytes is not kept to answer it.
/// </summary>
public sealed class MailCoverage
{
    private readonly IReadOnlyDictionary<string, (string Generation, ulong Position, long? Count)> _reach;

    /// <summary>A coverage reaching, per folder, the given generation, position and (where counted) message count.</summary>
    /// <param name="reach">Folder (<c>""</c> without folders) -> how far the checkpoint read it.</param>
    public MailCoverage(IReadOnlyDictionary<string, (string Generation, ulong Position, long? Count)> reach) => _reach = reach;

    /// <summary>Covers nothing (no checkpoint saved yet, or one of another kind).</summary>
    public static MailCoverage None { get; } = new(new Dictionary<string, (string, ulong, long?)>());

    /// <summary>
    /// Whether the sync that saved the checkpoint already read <paramref name="change"/>: same generation, a
    /// position at least as far, and (where counted) the same message count. A change without a position is
    /// never covered.
    /// </summary>
    public bool Covers(MailChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Position is { } position
            && _reach.TryGetValue(change.Folder ?? string.Empty, out var reach)
            && string.Equals(reach.Generation, change.Generation, StringComparison.Ordinal)
            && reach.Position >= position
            && (change.Count is null || reach.Count == change.Count);
    }
}

using System.Globalization;
using PatchSync.Core.Ports;

namespace PatchSync.Mail.Notmuch;

/// <summary>
/// A notmuch checkpoint: database UUID, lastmod revision and message count at the time of the read,
/// as <c>uuid:revision:count</c>. The count lets a delta read notice that messages were removed
/// (lastmod queries cannot name a message that no longer exists).
/// </summary>
internal sealed record NotmuchCheckpoint(string Uuid, ulong Revision, long Count)
{
    public const string Kind = "notmuch";

    public MailCheckpoint ToMailCheckpoint() =>
        new(Kind, string.Create(CultureInfo.InvariantCulture, $"{Uuid}:{Revision}:{Count}"));

    /// <summary>Null when the checkpoint is absent, of another kind, or unreadable: the caller then reads everything.</summary>
    public static NotmuchCheckpoint? TryParse(MailCheckpoint? checkpoint)
    {
        if (checkpoint is null || checkpoint.Kind != Kind)
        {
            return null;
        }

        var parts = checkpoint.Value.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 ||
            !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return null;
        }

        long count = -1;
        if (parts.Length == 3 && !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            return null;
        }

        return new NotmuchCheckpoint(parts[0], revision, count);
    }
}

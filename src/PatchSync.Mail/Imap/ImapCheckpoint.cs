using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatchSync.Mail.Abstractions;

namespace PatchSync.Mail.Imap;

/// <summary>
/// The IMAP checkpoint: JSON with, per folder, UIDVALIDITY, HIGHESTMODSEQ, UIDNEXT and a compact UID map,
/// one string per message <c>"uid message-id tag tag..."</c> (Message-IDs have their whitespace removed, as
/// notmuch does, so a space separates fields). About 50 bytes per message: 5 MB for 100k messages.
/// </summary>
internal static class ImapCheckpoint
{
    public const string Kind = "imap";
    private const int Version = 1;

    public static MailCheckpoint Create(IReadOnlyDictionary<string, FolderState> folders)
    {
        var dto = new CheckpointDto
        {
            V = Version,
            Folders = folders.ToDictionary(
                kv => kv.Key,
                kv => new FolderDto
                {
                    UidValidity = kv.Value.UidValidity,
                    HighestModSeq = kv.Value.HighestModSeq,
                    UidNext = kv.Value.UidNext,
                    Messages = kv.Value.Encoded ?? kv.Value.Messages.OrderBy(m => m.Key).Select(m => Encode(m.Key, m.Value)).ToList(),
                },
                StringComparer.Ordinal),
        };
        return new MailCheckpoint(Kind, JsonSerializer.Serialize(dto));
    }

    /// <summary>Null when absent, of another kind, another version or unreadable: the caller reads everything.</summary>
    public static Dictionary<string, FolderState>? TryParse(MailCheckpoint? checkpoint)
    {
        if (checkpoint is null || checkpoint.Kind != Kind)
        {
            return null;
        }

        try
        {
            var dto = JsonSerializer.Deserialize<CheckpointDto>(checkpoint.Value);
            if (dto is null || dto.V != Version || dto.Folders is null)
            {
                return null;
            }

            var folders = new Dictionary<string, FolderState>(StringComparer.Ordinal);
            foreach (var (name, folder) in dto.Folders)
            {
                var messages = folder.Messages ?? [];
                if (messages.Count > 0)
                {
                    _ = Decode(messages[0]); // a broken map is found now, not when first used
                }

                folders[name] = new FolderState(messages) { UidValidity = folder.UidValidity, HighestModSeq = folder.HighestModSeq, UidNext = folder.UidNext };
            }

            return folders;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Removes whitespace (a folded header leaves some) so the id fits the space-separated map.</summary>
    public static string NormalizeMessageId(string id)
    {
        if (!id.Any(char.IsWhiteSpace))
        {
            return id;
        }

        var sb = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Encode(uint uid, CopyState copy)
    {
        var sb = new StringBuilder();
        sb.Append(uid.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(copy.MessageId);
        foreach (var tag in copy.Tags)
        {
            sb.Append(' ').Append(tag);
        }

        return sb.ToString();
    }

    /// <summary>One map entry; throws <see cref="FormatException"/> when it is not <c>"uid message-id tag..."</c>.</summary>
    public static (uint Uid, CopyState Copy) Decode(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length < 2)
        {
            throw new FormatException("checkpoint message entry without a Message-ID field");
        }

        return (uint.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture), new CopyState(parts[1], parts[2..]));
    }

    private sealed class CheckpointDto
    {
        [JsonPropertyName("v")]
        public int V { get; set; }

        [JsonPropertyName("folders")]
        public Dictionary<string, FolderDto>? Folders { get; set; }
    }

    private sealed class FolderDto
    {
        [JsonPropertyName("uidvalidity")]
        public uint UidValidity { get; set; }

        [JsonPropertyName("highestmodseq")]
        public ulong HighestModSeq { get; set; }

        [JsonPropertyName("uidnext")]
        public uint UidNext { get; set; }

        [JsonPropertyName("messages")]
        public List<string>? Messages { get; set; }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

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

    /// <summary>Message-IDs often hold <c>+</c> or <c>&amp;</c>: no need to escape them as for HTML.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The checkpoint of <paramref name="folders"/>; <paramref name="highestModSeqs"/> overrides a folder's
    /// HIGHESTMODSEQ (one moved past our own verified writes). Written straight to UTF-8 JSON, one map entry
    /// at a time: no string per message.
    /// </summary>
    public static MailCheckpoint Create(IReadOnlyDictionary<string, FolderState> folders, IReadOnlyDictionary<string, ulong>? highestModSeqs = null)
    {
        // Sized for ~60 bytes per message up front: growing by doubling would copy the whole map several times.
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1 << 16, 64 * folders.Values.Sum(f => f.MessageCount)));
        var entry = new char[256];
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteStartObject("folders");
            foreach (var (name, folder) in folders)
            {
                json.WriteStartObject(name);
                json.WriteNumber("uidvalidity", folder.UidValidity);
                json.WriteNumber("highestmodseq", highestModSeqs is not null && highestModSeqs.TryGetValue(name, out var modSeq) ? modSeq : folder.HighestModSeq);
                json.WriteNumber("uidnext", folder.UidNext);
                json.WriteStartArray("messages");
                WriteMessages(json, folder, ref entry);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new MailCheckpoint(Kind, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>
    /// The folder's map entries. Lines of the checkpoint the state was read from are copied as they are, a
    /// changed UID's line is replaced in place and a removed one left out, new UIDs follow: a delta's
    /// checkpoint re-encodes only what changed. A state indexed from the server is encoded in map order (order
    /// means nothing to the parser, and sorting 100k UIDs was a third of the time of a checkpoint).
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter json, FolderState folder, ref char[] entry)
    {
        var changes = folder.Changes;
        if (folder.Encoded is { } encoded)
        {
            for (var line = 0; line < encoded.LineCount; line++)
            {
                if (!encoded.IsCurrent(line))
                {
                    continue;
                }

                var uid = encoded.UidAt(line);
                if (!changes.TryGetValue(uid, out var changed))
                {
                    // The checkpoint's own literal: no string made, nothing escaped again.
                    json.WriteRawValue(encoded.LiteralAt(line), skipInputValidation: true);
                }
                else if (changed is not null)
                {
                    var length = Encode(uid, changed, ref entry);
                    json.WriteStringValue(entry.AsSpan(0, length));
                }
            }
        }

        foreach (var (uid, copy) in changes)
        {
            if (copy is not null && folder.Encoded?.Contains(uid) != true)
            {
                var length = Encode(uid, copy, ref entry);
                json.WriteStringValue(entry.AsSpan(0, length));
            }
        }
    }

    /// <summary>Null when absent, of another kind, another version or unreadable: the caller reads everything.</summary>
    public static Dictionary<string, FolderState>? TryParse(MailCheckpoint? checkpoint, TagSetInterner tagArrays)
    {
        if (checkpoint is null || checkpoint.Kind != Kind)
        {
            return null;
        }

        try
        {
            // Read with Utf8JsonReader, not JsonSerializer: the serializer's first use in a process (building
            // its converters) cost more than reading the 100k strings of the map.
            var utf8 = Encoding.UTF8.GetBytes(checkpoint.Value);
            var reader = new Utf8JsonReader(utf8);
            Expect(ref reader, JsonTokenType.StartObject);
            var version = 0;
            Dictionary<string, FolderState>? folders = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("v"u8))
                {
                    reader.Read();
                    version = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("folders"u8))
                {
                    reader.Read();
                    folders = reader.TokenType == JsonTokenType.Null ? null : ReadFolders(ref reader, utf8, new TagFieldCache(tagArrays));
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return version == Version ? folders : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The <c>folders</c> object, the reader on its start.</summary>
    private static Dictionary<string, FolderState> ReadFolders(ref Utf8JsonReader reader, byte[] utf8, TagFieldCache tags)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("checkpoint 'folders' is not an object");
        }

        var folders = new Dictionary<string, FolderState>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject, read: false);
            uint uidValidity = 0, uidNext = 0;
            ulong highestModSeq = 0;
            var lines = new EncodedLines();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("uidvalidity"u8))
                {
                    reader.Read();
                    uidValidity = reader.GetUInt32();
                }
                else if (reader.ValueTextEquals("highestmodseq"u8))
                {
                    reader.Read();
                    highestModSeq = reader.GetUInt64();
                }
                else if (reader.ValueTextEquals("uidnext"u8))
                {
                    reader.Read();
                    uidNext = reader.GetUInt32();
                }
                else if (reader.ValueTextEquals("messages"u8))
                {
                    reader.Read();
                    lines = ReadLines(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Only each line's UID is parsed (a broken map is found now, not when first used); lines are
            // decoded when their UID is asked for.
            folders[name] = new FolderState(EncodedUidMap.Parse(utf8, lines.Complete(), tags)) { UidValidity = uidValidity, HighestModSeq = highestModSeq, UidNext = uidNext };
        }

        return folders;
    }

    /// <summary>A folder's <c>messages</c> array (null: none), the reader on its start: where each string sits.</summary>
    private static EncodedLines ReadLines(ref Utf8JsonReader reader)
    {
        var lines = new EncodedLines();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return lines;
        }

        Expect(ref reader, JsonTokenType.StartArray, read: false);
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            lines.Add(ref reader);
        }

        Expect(ref reader, JsonTokenType.EndArray, read: false);
        return lines;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, bool read = true)
    {
        if ((read && !reader.Read()) || reader.TokenType != token)
        {
            throw new FormatException($"checkpoint: expected {token}, found {reader.TokenType}");
        }
    }

    /// <summary>
    /// Per folder, UIDVALIDITY and HIGHESTMODSEQ only, read past the UID maps without keeping them (a watcher
    /// compares its changes with every saved checkpoint; the map is megabytes). Null when unreadable.
    /// </summary>
    public static MailCoverage? TryReadCoverage(MailCheckpoint? checkpoint)
    {
        if (checkpoint is null || checkpoint.Kind != Kind)
        {
            return null;
        }

        try
        {
            var reach = new Dictionary<string, (string, ulong, long?)>(StringComparer.Ordinal);
            var utf8 = Encoding.UTF8.GetBytes(checkpoint.Value);
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("folders"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                reader.Read(); // {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var folder = reader.GetString()!;
                    uint uidValidity = 0;
                    ulong highestModSeq = 0;
                    reader.Read(); // {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("uidvalidity"u8))
                        {
                            reader.Read();
                            uidValidity = reader.GetUInt32();
                        }
                        else if (reader.ValueTextEquals("highestmodseq"u8))
                        {
                            reader.Read();
                            highestModSeq = reader.GetUInt64();
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }

                    reach[folder] = (uidValidity.ToString(CultureInfo.InvariantCulture), highestModSeq, null);
                }
            }

            return new MailCoverage(reach);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
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

    /// <summary>Writes <c>"uid message-id tag..."</c> into <paramref name="buffer"/> (grown as needed); returns its length.</summary>
    private static int Encode(uint uid, CopyState copy, ref char[] buffer)
    {
        var needed = 11 + copy.MessageId.Length + copy.Tags.Sum(t => t.Length + 1);
        if (buffer.Length < needed)
        {
            buffer = new char[needed * 2];
        }

        uid.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture);
        buffer[length++] = ' ';
        copy.MessageId.CopyTo(buffer.AsSpan(length));
        length += copy.MessageId.Length;
        foreach (var tag in copy.Tags)
        {
            buffer[length++] = ' ';
            tag.CopyTo(buffer.AsSpan(length));
            length += tag.Length;
        }

        return length;
    }
}

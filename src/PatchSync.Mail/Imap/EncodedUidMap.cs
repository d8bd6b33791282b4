using System.Text;
using System.Text.Json;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>
/// A folder's UID map as the checkpoint holds it: one JSON string per message, <c>"uid message-id tag..."</c>,
/// kept as the checkpoint's own UTF-8 bytes and never changed (states made from it share it). Only the leading
/// UID of each line is parsed, into a UID -> line index; a line is decoded into a <see cref="CopyState"/> only
/// when its UID is asked for. A delta read touching 2000 of 100k UIDs thus decodes 2000 lines, makes no
/// string for the others, and a checkpoint written back copies their bytes as they are.
/// </summary>
internal sealed class EncodedUidMap
{
    private readonly byte[] _utf8;
    private readonly EncodedLines _lines;
    private readonly Dictionary<uint, int> _lineOf;
    private readonly TagFieldCache _tags;

    private EncodedUidMap(byte[] utf8, EncodedLines lines, Dictionary<uint, int> lineOf, TagFieldCache tags)
    {
        _utf8 = utf8;
        _lines = lines;
        _lineOf = lineOf;
        _tags = tags;
        HasDuplicates = lineOf.Count != lines.Count;
    }

    /// <summary>How many distinct UIDs the map holds.</summary>
    public int Count => _lineOf.Count;

    /// <summary>How many lines (more than <see cref="Count"/> only when a UID is listed twice; the last one counts).</summary>
    public int LineCount => _lines.Count;

    /// <summary>Whether some UID has more than one line (an old or hand-edited checkpoint): only its last line counts.</summary>
    public bool HasDuplicates { get; }

    /// <summary>
    /// Indexes <paramref name="lines"/> of <paramref name="utf8"/> by their leading UIDs. Throws
    /// <see cref="FormatException"/> when a line does not start with a UID and a space, so a broken map is
    /// found before the read relies on it.
    /// </summary>
    public static EncodedUidMap Parse(byte[] utf8, EncodedLines lines, TagFieldCache tags)
    {
        var lineOf = new Dictionary<uint, int>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var uid = UidOf(lines.Value(utf8, i));
            lines.Uids[i] = uid;
            lineOf[uid] = i;
        }

        return new EncodedUidMap(utf8, lines, lineOf, tags);
    }

    public bool Contains(uint uid) => _lineOf.ContainsKey(uid);

    /// <summary>The copy stored for <paramref name="uid"/>, decoded now; null when the map has none.</summary>
    public CopyState? Get(uint uid) => _lineOf.TryGetValue(uid, out var line) ? DecodeAt(line) : null;

    /// <summary>Every UID, once each.</summary>
    public IEnumerable<uint> Uids => _lineOf.Keys;

    /// <summary>The UID of line <paramref name="line"/>.</summary>
    public uint UidAt(int line) => _lines.Uids[line];

    /// <summary>Whether line <paramref name="line"/> is the one that counts for its UID (false for an earlier duplicate).</summary>
    public bool IsCurrent(int line) => !HasDuplicates || _lineOf[_lines.Uids[line]] == line;

    /// <summary>Line <paramref name="line"/> as the JSON string literal the checkpoint holds (quotes and escapes included).</summary>
    public ReadOnlySpan<byte> LiteralAt(int line) => _lines.Literal(_utf8, line);

    /// <summary>
    /// The lines whose Message-ID field is in <paramref name="ids"/> (an ordinal set), found without decoding
    /// or making a string per line: each field is transcoded into one buffer and looked up as a span.
    /// </summary>
    public List<int> LinesWithIds(HashSet<string> ids)
    {
        var found = new List<int>();
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[256];
        for (var line = 0; line < _lines.Count; line++)
        {
            var id = Fields(_lines.Value(_utf8, line), out _, out _);
            if (buffer.Length < id.Length)
            {
                buffer = new char[id.Length * 2];
            }

            var length = Encoding.UTF8.GetChars(id, buffer);
            if (lookup.Contains(buffer.AsSpan(0, length)))
            {
                found.Add(line);
            }
        }

        return found;
    }

    /// <summary>Decodes line <paramref name="line"/>.</summary>
    public CopyState DecodeAt(int line)
    {
        var idBytes = Fields(_lines.Value(_utf8, line), out var tagBytes, out var hasTagBytes);
        var messageId = Encoding.UTF8.GetString(idBytes);
        if (!hasTagBytes)
        {
            return new CopyState(messageId, _tags.None);
        }

        Span<char> chars = tagBytes.Length <= 256 ? stackalloc char[256] : new char[tagBytes.Length];
        var length = Encoding.UTF8.GetChars(tagBytes, chars);
        return new CopyState(messageId, _tags.ArrayOf(chars[..length]));
    }

    /// <summary>
    /// The Message-ID field of a line; <paramref name="tags"/> is its tags field, <paramref name="hasTags"/>
    /// whether it has one at all (<c>"5 id "</c> has an empty one: one empty tag, as the format always split).
    /// </summary>
    private static ReadOnlySpan<byte> Fields(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> tags, out bool hasTags)
    {
        var rest = line[(line.IndexOf((byte)' ') + 1)..];
        var end = rest.IndexOf((byte)' ');
        hasTags = end >= 0;
        tags = hasTags ? rest[(end + 1)..] : default;
        return hasTags ? rest[..end] : rest;
    }

    /// <summary>The leading UID of a line; throws <see cref="FormatException"/> unless it is digits and a space.</summary>
    private static uint UidOf(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        if (space < 1)
        {
            throw new FormatException("checkpoint message entry without a Message-ID field");
        }

        ulong uid = 0;
        foreach (var c in line[..space])
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                throw new FormatException("checkpoint message entry without a numeric UID");
            }

            uid = (uid * 10) + digit;
            if (uid > uint.MaxValue)
            {
                throw new OverflowException("checkpoint message UID out of range");
            }
        }

        return (uint)uid;
    }
}

/// <summary>
/// Where a folder's map lines sit in the checkpoint's UTF-8 text (the string literal's start and length), with
/// the unescaped UTF-8 of the rare line that holds a JSON escape (a Message-ID with a quote or backslash).
/// </summary>
internal sealed class EncodedLines
{
    private readonly List<(int Start, int Length)> _spans = [];
    private Dictionary<int, byte[]>? _unescaped;

    public int Count => _spans.Count;

    /// <summary>Each line's UID, filled by <see cref="EncodedUidMap.Parse"/>.</summary>
    public uint[] Uids { get; private set; } = [];

    /// <summary>Adds the string the reader is on.</summary>
    public void Add(ref Utf8JsonReader reader)
    {
        // TokenStartIndex is the opening quote; ValueSpan is the (escaped) text between the quotes.
        var start = checked((int)reader.TokenStartIndex);
        if (reader.ValueIsEscaped)
        {
            (_unescaped ??= [])[_spans.Count] = Encoding.UTF8.GetBytes(reader.GetString()!);
        }

        _spans.Add((start, reader.ValueSpan.Length + 2));
    }

    /// <summary>Done adding: room for the UIDs.</summary>
    public EncodedLines Complete()
    {
        Uids = new uint[_spans.Count];
        return this;
    }

    /// <summary>The line's text as UTF-8: the bytes between the quotes, or the unescaped copy of a line with escapes.</summary>
    public ReadOnlySpan<byte> Value(byte[] utf8, int line) =>
        _unescaped is not null && _unescaped.TryGetValue(line, out var unescaped) ? unescaped : utf8.AsSpan(_spans[line].Start + 1, _spans[line].Length - 2);

    public ReadOnlySpan<byte> Literal(byte[] utf8, int line) => utf8.AsSpan(_spans[line].Start, _spans[line].Length);
}

/// <summary>
/// The tags field of a checkpoint line (<c>"pw-accepted pw-archived"</c>) -> the shared sorted array
/// <see cref="TagSetInterner.InternArray"/> gives for it. A map has a handful of distinct fields, so decoding a
/// line looks its field up by span instead of splitting and sorting it.
/// </summary>
internal sealed class TagFieldCache(TagSetInterner tagArrays)
{
    private readonly Dictionary<string, string[]> _arrays = new(StringComparer.Ordinal);

    /// <summary>The shared empty array, for a line with no tags field.</summary>
    public string[] None { get; } = tagArrays.InternArray([]);

    public string[] ArrayOf(ReadOnlySpan<char> field)
    {
        var lookup = _arrays.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(field, out var array))
        {
            var key = field.ToString();
            // Split as the format always was: "a  b" holds an empty tag, kept so a line decodes as before.
            array = tagArrays.InternArray(key.Split(' '));
            _arrays[key] = array;
        }

        return array;
    }
}

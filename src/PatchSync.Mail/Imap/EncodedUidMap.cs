using System.Globalization;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>
/// A folder's UID map as the checkpoint holds it: one line per message, <c>"uid message-id tag..."</c>, kept
/// as text and never changed (states made from it share it). Only the leading UID of each line is parsed, into
/// a UID -> line index; a line is decoded into a <see cref="CopyState"/> only when its UID is asked for. A
/// delta read touching 2000 of 100k UIDs thus decodes 2000 lines, and a checkpoint written back copies the
/// other lines as they are.
/// </summary>
internal sealed class EncodedUidMap
{
    private readonly List<string> _lines;
    private readonly uint[] _uids;
    private readonly Dictionary<uint, int> _lineOf;
    private readonly TagFieldCache _tags;

    private EncodedUidMap(List<string> lines, uint[] uids, Dictionary<uint, int> lineOf, TagFieldCache tags, bool hasDuplicates)
    {
        _lines = lines;
        _uids = uids;
        _lineOf = lineOf;
        _tags = tags;
        HasDuplicates = hasDuplicates;
    }

    /// <summary>How many distinct UIDs the map holds.</summary>
    public int Count => _lineOf.Count;

    /// <summary>How many lines (more than <see cref="Count"/> only when a UID is listed twice; the last one counts).</summary>
    public int LineCount => _lines.Count;

    /// <summary>Whether some UID has more than one line (an old or hand-edited checkpoint): only its last line counts.</summary>
    public bool HasDuplicates { get; }

    /// <summary>
    /// Indexes <paramref name="lines"/> by their leading UIDs. Throws <see cref="FormatException"/> when a line
    /// does not start with a UID and a space, so a broken map is found before the read relies on it.
    /// </summary>
    public static EncodedUidMap Parse(List<string> lines, TagFieldCache tags)
    {
        var uids = new uint[lines.Count];
        var lineOf = new Dictionary<uint, int>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var uid = UidOf(lines[i]);
            uids[i] = uid;
            lineOf[uid] = i;
        }

        return new EncodedUidMap(lines, uids, lineOf, tags, lineOf.Count != lines.Count);
    }

    public bool Contains(uint uid) => _lineOf.ContainsKey(uid);

    /// <summary>The copy stored for <paramref name="uid"/>, decoded now; null when the map has none.</summary>
    public CopyState? Get(uint uid) => _lineOf.TryGetValue(uid, out var line) ? Decode(_lines[line]) : null;

    /// <summary>Every UID, once each.</summary>
    public IEnumerable<uint> Uids => _lineOf.Keys;

    /// <summary>The UID of line <paramref name="line"/>.</summary>
    public uint UidAt(int line) => _uids[line];

    /// <summary>The text of line <paramref name="line"/>, as the checkpoint holds it.</summary>
    public string LineAt(int line) => _lines[line];

    /// <summary>Whether line <paramref name="line"/> is the one that counts for its UID (false for an earlier duplicate).</summary>
    public bool IsCurrent(int line) => !HasDuplicates || _lineOf[_uids[line]] == line;

    /// <summary>The Message-ID field of line <paramref name="line"/>, without decoding the line.</summary>
    public ReadOnlySpan<char> MessageIdAt(int line)
    {
        var text = _lines[line].AsSpan();
        var rest = text[(text.IndexOf(' ') + 1)..];
        var end = rest.IndexOf(' ');
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>Decodes line <paramref name="line"/>.</summary>
    public CopyState DecodeAt(int line) => Decode(_lines[line]);

    private CopyState Decode(string line)
    {
        var rest = line.AsSpan(line.IndexOf(' ') + 1);
        var end = rest.IndexOf(' ');
        if (end < 0)
        {
            return new CopyState(rest.ToString(), _tags.None);
        }

        return new CopyState(rest[..end].ToString(), _tags.ArrayOf(rest[(end + 1)..]));
    }

    /// <summary>The leading UID of a line; throws <see cref="FormatException"/> unless it is digits and a space.</summary>
    private static uint UidOf(string line)
    {
        var space = line.IndexOf(' ');
        if (space < 1)
        {
            throw new FormatException("checkpoint message entry without a Message-ID field");
        }

        return uint.Parse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture);
    }
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

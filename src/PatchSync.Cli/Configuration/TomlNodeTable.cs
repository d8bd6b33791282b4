namespace PatchSync.Cli.Configuration;

/// <summary>A TOML table: keys in file order, each with its value and line.</summary>
internal sealed class TomlNodeTable
{
    private readonly Dictionary<string, TomlNode> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public TomlNodeTable(string path, int line)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The dotted key of this table (<c>stores.work</c>); empty for the root.</summary>
    public string Path { get; }

    /// <summary>Where the table was opened (1-based).</summary>
    public int Line { get; }

    public IEnumerable<string> Keys => _order;

    public bool TryGet(string key, out TomlNode node) => _entries.TryGetValue(key, out node!);

    public void Add(string key, TomlNode node)
    {
        _entries.Add(key, node);
        _order.Add(key);
    }

    /// <summary>The full dotted name of a key in this table, as messages print it.</summary>
    public string KeyPath(string key) => Path.Length == 0 ? key : Path + "." + key;
}

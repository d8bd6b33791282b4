using System.Globalization;
using Tomlyn;

namespace PatchSync.Cli.Configuration;

/// <summary>
/// Reads typed values out of one <see cref="TomlNodeTable"/>, remembering which keys were used so that
/// <see cref="RejectUnknownKeys"/> can name any key pwsync does not know (a typo must not be ignored).
/// Every failure is a <see cref="ConfigException"/> with file, line and key.
/// </summary>
internal sealed class TomlTableReader
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public TomlTableReader(TomlNodeTable table, string file)
    {
        Table = table;
        File = file;
    }

    public TomlNodeTable Table { get; }

    public string File { get; }

    public string? String(string key, bool secret = false) =>
        Get(key, out var node) ? As<string>(key, node, "a string", secret) : null;

    public string RequiredString(string key) =>
        String(key) ?? throw Missing(key);

    public long? Integer(string key, long min, long max)
    {
        if (!Get(key, out var node))
        {
            return null;
        }

        var value = As<long>(key, node, "an integer", secret: false);
        return value < min || value > max
            ? throw Error(node.Line, key, $"must be between {min} and {max}, got {value}")
            : value;
    }

    public bool? Boolean(string key) =>
        Get(key, out var node) ? As<bool>(key, node, "a boolean (true or false)", secret: false) : null;

    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        Table.TryGet(key, out var node);
        return DurationParser.TryParse(text, out var value)
            ? value
            : throw Error(node.Line, key, $"expected a duration such as \"30s\", \"10m\", \"24h\" or \"7d\", got \"{text}\"");
    }

    public DateTimeOffset? Date(string key)
    {
        if (!Get(key, out var node))
        {
            return null;
        }

        switch (node.Value)
        {
            case TomlDateTime date:
                return new DateTimeOffset(date.DateTime.DateTime, TimeSpan.Zero);
            case string text when DateParser.TryParse(text, out var parsed):
                return parsed;
            case string text:
                throw Error(node.Line, key, $"expected a date such as 2025-06-01, got \"{text}\"");
            default:
                throw Error(node.Line, key, $"expected a date such as 2025-06-01, got {node.TypeName}");
        }
    }

    public IReadOnlyList<string>? StringList(string key)
    {
        if (!Get(key, out var node))
        {
            return null;
        }

        if (node.Value is string single)
        {
            return [single];
        }

        var items = As<IReadOnlyList<TomlNode>>(key, node, "an array of strings", secret: false);
        return items.Select(item => item.Value as string
            ?? throw Error(item.Line, key, $"expected an array of strings, got an item that is {item.TypeName}")).ToList();
    }

    /// <summary>A sub-table; null when absent.</summary>
    public TomlTableReader? SubTable(string key) =>
        Get(key, out var node) ? new TomlTableReader(As<TomlNodeTable>(key, node, "a table", secret: false), File) : null;

    /// <summary>Every sub-table of this table, in file order (for <c>[stores.NAME]</c> and the like).</summary>
    public IEnumerable<(string Name, TomlTableReader Reader)> SubTables()
    {
        foreach (var key in Table.Keys.ToList())
        {
            Get(key, out var node);
            yield return (key, new TomlTableReader(As<TomlNodeTable>(key, node, "a table", secret: false), File));
        }
    }

    /// <summary>Every key of this table as a string value (for maps such as <c>[tags.states]</c>).</summary>
    public IEnumerable<(string Key, string Value, int Line)> StringEntries()
    {
        foreach (var key in Table.Keys.ToList())
        {
            Get(key, out var node);
            yield return (key, As<string>(key, node, "a string", secret: false), node.Line);
        }
    }

    /// <summary>Fails on the first key that no reader call asked for.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> known)
    {
        foreach (var key in Table.Keys)
        {
            if (!_used.Contains(key))
            {
                Table.TryGet(key, out var node);
                throw Error(node.Line, key, $"unknown key (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public int LineOf(string key) => Table.TryGet(key, out var node) ? node.Line : Table.Line;

    public ConfigException Error(int line, string key, string problem) =>
        ConfigException.At(File, line, Table.KeyPath(key), problem);

    public ConfigException Missing(string key) =>
        ConfigException.At(File, Table.Line, Table.KeyPath(key), "required key is missing");

    private bool Get(string key, out TomlNode node)
    {
        _used.Add(key);
        return Table.TryGet(key, out node);
    }

    private T As<T>(string key, TomlNode node, string expected, bool secret)
    {
        if (node.Value is T value)
        {
            return value;
        }

        // The value is shown only when it is short, a scalar, and not a secret.
        var shown = !secret && node.Value is string or long or bool or double
            ? string.Create(CultureInfo.InvariantCulture, $"{(node.Value is string s ? "\"" + s + "\"" : node.Value)}")
            : node.TypeName;
        throw Error(node.Line, key, $"expected {expected}, got {shown}");
    }
}

using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace PatchSync.Cli.Configuration;

/// <summary>
/// Parses TOML text with Tomlyn's syntax parser (which keeps source positions) into a tree of
/// <see cref="TomlNodeTable"/>s whose every value knows its line. Tomlyn's object model drops the
/// positions, and the config errors must name the line.
/// </summary>
internal static class TomlTreeReader
{
    /// <exception cref="ConfigException">The text is not valid TOML, or uses a construct the config does not.</exception>
    public static TomlNodeTable Read(string text, string file)
    {
        var document = SyntaxParser.Parse(text, file, validate: true);
        foreach (var diagnostic in document.Diagnostics)
        {
            if (diagnostic.Kind == DiagnosticMessageKind.Error)
            {
                throw new ConfigException($"{file}:{diagnostic.Span.Start.Line + 1}: invalid TOML: {diagnostic.Message}");
            }
        }

        var root = new TomlNodeTable(string.Empty, 0);
        foreach (var keyValue in document.KeyValues)
        {
            AddKeyValue(root, keyValue, file);
        }

        foreach (var table in document.Tables)
        {
            var line = LineOf(table);
            if (table is TableArraySyntax)
            {
                throw new ConfigException($"{file}:{line}: {KeyText(table.Name!)}: arrays of tables ([[...]]) are not used by pwsync; use [name.key] tables");
            }

            var target = Descend(root, KeyParts(table.Name!), line, file);
            foreach (var keyValue in table.Items)
            {
                AddKeyValue(target, keyValue, file);
            }
        }

        return root;
    }

    private static void AddKeyValue(TomlNodeTable table, KeyValueSyntax keyValue, string file)
    {
        var parts = KeyParts(keyValue.Key!);
        var line = LineOf(keyValue);
        var target = Descend(table, parts.Take(parts.Count - 1).ToList(), line, file);
        var key = parts[^1];
        if (target.TryGet(key, out _))
        {
            throw new ConfigException($"{file}:{line}: {target.KeyPath(key)}: set twice");
        }

        target.Add(key, ToNode(keyValue.Value!, target.KeyPath(key), file));
    }

    private static TomlNodeTable Descend(TomlNodeTable table, IReadOnlyList<string> parts, int line, string file)
    {
        var current = table;
        foreach (var part in parts)
        {
            if (current.TryGet(part, out var existing))
            {
                current = existing.Value as TomlNodeTable
                    ?? throw new ConfigException($"{file}:{line}: {current.KeyPath(part)}: already set on line {existing.Line} as {existing.TypeName}, cannot be a table");
            }
            else
            {
                var child = new TomlNodeTable(current.KeyPath(part), line);
                current.Add(part, new TomlNode(child, line));
                current = child;
            }
        }

        return current;
    }

    private static TomlNode ToNode(ValueSyntax value, string path, string file)
    {
        var line = LineOf(value);
        return value switch
        {
            StringValueSyntax s => new TomlNode(s.Value ?? string.Empty, line),
            IntegerValueSyntax i => new TomlNode(i.Value, line),
            FloatValueSyntax f => new TomlNode(f.Value, line),
            BooleanValueSyntax b => new TomlNode(b.Value, line),
            DateTimeValueSyntax d => new TomlNode(d.Value, line),
            ArraySyntax a => new TomlNode(a.Items.Select(item => ToNode(item.Value!, path, file)).ToList(), line),
            InlineTableSyntax t => new TomlNode(InlineTable(t, path, file), line),
            _ => throw new ConfigException($"{file}:{line}: {path}: unsupported value"),
        };
    }

    private static TomlNodeTable InlineTable(InlineTableSyntax syntax, string path, string file)
    {
        var table = new TomlNodeTable(path, LineOf(syntax));
        foreach (var item in syntax.Items)
        {
            AddKeyValue(table, item.KeyValue!, file);
        }

        return table;
    }

    private static List<string> KeyParts(KeySyntax key)
    {
        var parts = new List<string> { KeyPart(key.Key!) };
        parts.AddRange(key.DotKeys.Select(dot => KeyPart(dot.Key!)));
        return parts;
    }

    private static string KeyPart(BareKeyOrStringValueSyntax part) => part switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value ?? string.Empty,
        _ => part.ToString() ?? string.Empty,
    };

    private static string KeyText(KeySyntax key) => string.Join('.', KeyParts(key));

    private static int LineOf(SyntaxNodeBase node) => node.Span.Start.Line + 1;
}

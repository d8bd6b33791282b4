namespace PatchSync.Cli.Configuration;

/// <summary>
/// One value of a parsed TOML file with the line it was written on (1-based), so a bad value can be
/// reported as <c>file:line: key: problem</c>. Values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="Tomlyn.TomlDateTime"/>,
/// <see cref="TomlNodeTable"/> or a list of <see cref="TomlNode"/>.
/// </summary>
internal sealed record TomlNode(object Value, int Line)
{
    /// <summary>The TOML name of the value's type, for messages such as "expected an integer, got a string".</summary>
    public string TypeName => Value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        Tomlyn.TomlDateTime => "a date",
        TomlNodeTable => "a table",
        IReadOnlyList<TomlNode> => "an array",
        _ => Value.GetType().Name,
    };
}

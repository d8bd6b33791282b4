namespace PatchSync.Cli.Configuration;

/// <summary>
/// A configuration problem, with a one-line message naming the file, the line and the key, e.g.
/// <c>pwsync.toml:12: stores.work.port: expected an integer, got "abc"</c>. Thrown before any network
/// or mail access. Messages never contain a secret value.
/// </summary>
internal sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Builds the standard <c>file:line: key: problem</c> message.</summary>
    public static ConfigException At(string file, int line, string key, string problem) =>
        new(line > 0 ? $"{file}:{line}: {key}: {problem}" : $"{file}: {key}: {problem}");
}

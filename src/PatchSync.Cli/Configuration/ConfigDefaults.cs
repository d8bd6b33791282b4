namespace PatchSync.Cli.Configuration;

/// <summary>Default values of every optional config key (documented in <c>pwsync.example.toml</c>).</summary>
internal static class ConfigDefaults
{
    public const int Concurrency = 4;
    public const int ImapTlsPort = 993;
    public const int ImapPlainPort = 143;
    public static readonly TimeSpan FullCheckInterval = TimeSpan.FromDays(1);
    public static readonly TimeSpan EventsOverlap = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan TrackerTimeout = TimeSpan.FromSeconds(30);
    public static readonly IReadOnlyList<string> ImapFolders = ["INBOX"];

    /// <summary><c>$XDG_CONFIG_HOME/pwsync/pwsync.toml</c>, else <c>~/.config/pwsync/pwsync.toml</c>.</summary>
    public static string ConfigPath(Func<string, string?>? env = null) =>
        Path.Combine(XdgDir(env ?? Environment.GetEnvironmentVariable, "XDG_CONFIG_HOME", ".config"), "pwsync", "pwsync.toml");

    /// <summary><c>$XDG_STATE_HOME/pwsync/state.db</c>, else <c>~/.local/state/pwsync/state.db</c>.</summary>
    public static string StateDbPath(Func<string, string?>? env = null) =>
        Path.Combine(XdgDir(env ?? Environment.GetEnvironmentVariable, "XDG_STATE_HOME", Path.Combine(".local", "state")), "pwsync", "state.db");

    private static string XdgDir(Func<string, string?> env, string variable, string fallbackUnderHome)
    {
        var dir = env(variable);
        if (!string.IsNullOrEmpty(dir) && Path.IsPathRooted(dir))
        {
            return dir;
        }

        var home = env("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, fallbackUnderHome);
    }
}

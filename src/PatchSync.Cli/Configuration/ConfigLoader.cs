using PatchSync.Core.Planning;
using PatchSync.Core.Secrets;
using PatchSync.Core.Tags;
using PatchSync.Mail.Imap;

namespace PatchSync.Cli.Configuration;

/// <summary>
/// Reads and validates <c>pwsync.toml</c>. Everything is checked here (types, unknown keys, references
/// between tables, tag names), so a bad config fails before any network or mail access with one line
/// naming the file, line and key.
/// </summary>
public static class ConfigLoader
{
    private static readonly string[] RootKeys = ["state_db", "conflict", "concurrency", "full_check_interval", "events_overlap", "tags", "trackers", "stores", "projects"];
    private static readonly string[] TagKeys = ["prefix", "archived", "extra", "states"];
    private static readonly string[] TrackerKeys = ["url", "token", "token_file", "token_command", "token_env", "timeout"];
    private static readonly string[] ProjectKeys = ["linkname", "tracker", "store", "epoch"];
    private static readonly string[] ImapKeys = ["kind", "host", "port", "security", "user", "password_file", "password_command", "password_env", "folders"];
    private static readonly string[] NotmuchKeys = ["kind", "config"];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, unreadable or invalid.</exception>
    public static PwsyncConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException($"no config at {path}: copy pwsync.example.toml there (mkdir -p {Path.GetDirectoryName(Path.GetFullPath(path))}), or pass --config FILE", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ConfigException($"{path}: not allowed to read the config file: check its owner and mode (ls -l {path})", e);
        }
        catch (IOException e)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses config text; <paramref name="path"/> names it in messages and anchors relative paths.</summary>
    /// <exception cref="ConfigException">The text is invalid.</exception>
    public static PwsyncConfig Parse(string text, string path, Func<string, string?>? env = null)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var root = new TomlTableReader(TomlTreeReader.Read(text, path), path);

        var stateDb = root.String("state_db") is { } db ? ExpandPath(db, baseDir, env) : ConfigDefaults.StateDbPath(env);
        var conflict = root.String("conflict") switch
        {
            null or "tracker" => ConflictRule.Tracker,
            "mail" => ConflictRule.Mail,
            var other => throw root.Error(root.LineOf("conflict"), "conflict", $"expected \"tracker\" or \"mail\", got \"{other}\""),
        };
        var concurrency = (int)(root.Integer("concurrency", 1, 64) ?? ConfigDefaults.Concurrency);
        var fullCheck = root.Duration("full_check_interval") ?? ConfigDefaults.FullCheckInterval;
        var eventsOverlap = root.Duration("events_overlap") ?? ConfigDefaults.EventsOverlap;
        var tags = ReadTags(root.SubTable("tags"));
        var trackers = (root.SubTable("trackers")?.SubTables() ?? [])
            .Select(t => ReadTracker(t.Name, t.Reader, baseDir, env))
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        var stores = (root.SubTable("stores")?.SubTables() ?? [])
            .Select(s => ReadStore(s.Name, s.Reader, baseDir, env))
            .ToDictionary(s => s.Name, StringComparer.Ordinal);
        var projectsTable = root.SubTable("projects");
        var projects = (projectsTable?.SubTables() ?? [])
            .Select(p => ReadProject(p.Name, p.Reader, trackers, stores))
            .ToList();
        root.RejectUnknownKeys(RootKeys);

        if (projects.Count == 0)
        {
            throw ConfigException.At(path, projectsTable?.Table.Line ?? 0, "projects", "no project configured (add a [projects.NAME] table)");
        }

        return new PwsyncConfig(path, stateDb, conflict, concurrency, fullCheck, tags, trackers, stores, projects) { EventsOverlap = eventsOverlap };
    }

    private static TagConfig ReadTags(TomlTableReader? table)
    {
        if (table is null)
        {
            return new TagConfig(TagMapping.DefaultPrefix, new Dictionary<string, string>(), TagMapping.DefaultPrefix + TagMapping.ArchivedSuffix, Extra: false);
        }

        var prefix = table.String("prefix") ?? TagMapping.DefaultPrefix;
        if (prefix.Length == 0 || !IsTagText(prefix))
        {
            throw table.Error(table.LineOf("prefix"), "prefix", $"must be a non-empty tag prefix of letters, digits, '-', '_' or '.', got \"{prefix}\"");
        }

        var archived = table.String("archived") ?? prefix + TagMapping.ArchivedSuffix;
        CheckTag(table, "archived", archived, prefix, table.LineOf("archived"));
        var extra = table.Boolean("extra") ?? false;
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table.SubTable("states") is { } statesTable)
        {
            foreach (var (state, tag, line) in statesTable.StringEntries())
            {
                CheckTag(statesTable, state, tag, prefix, line);
                if (states.ContainsValue(tag) || tag == archived)
                {
                    throw statesTable.Error(line, state, $"tag \"{tag}\" is already used for another state");
                }

                states[state] = tag;
            }
        }

        table.RejectUnknownKeys(TagKeys);
        return new TagConfig(prefix, states, archived, extra);
    }

    private static void CheckTag(TomlTableReader table, string key, string tag, string prefix, int line)
    {
        if (!tag.StartsWith(prefix, StringComparison.Ordinal) || tag.Length == prefix.Length || !IsTagText(tag))
        {
            throw table.Error(line, key, $"tag \"{tag}\" must start with the prefix \"{prefix}\" and use only letters, digits, '-', '_' or '.'");
        }

        // Dovecot's mail_max_keyword_length.
        if (tag.Length > 50)
        {
            throw table.Error(line, key, $"tag \"{tag}\" is longer than 50 characters (IMAP servers refuse it)");
        }
    }

    private static bool IsTagText(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static TrackerConfig ReadTracker(string name, TomlTableReader table, string baseDir, Func<string, string?>? env)
    {
        var urlText = table.RequiredString("url");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw table.Error(table.LineOf("url"), "url", $"expected an http:// or https:// URL, got \"{urlText}\"");
        }

        var token = ReadSecret(table, "token", required: false);
        if (token is { Kind: SecretSourceKind.File })
        {
            token = token with { Reference = ExpandPath(token.Reference, baseDir, env) };
        }
        var timeout = table.Duration("timeout") ?? ConfigDefaults.TrackerTimeout;
        table.RejectUnknownKeys(TrackerKeys);
        return new TrackerConfig(name, url, token, timeout);
    }

    private static SecretSource? ReadSecret(TomlTableReader table, string name, bool required, bool allowInline = true)
    {
        var sources = new List<(string Key, SecretSource Source)>();
        void Add(string key, SecretSourceKind kind)
        {
            if (table.String(key, secret: kind == SecretSourceKind.Inline) is { } value)
            {
                if (value.Length == 0)
                {
                    throw table.Error(table.LineOf(key), key, "must not be empty");
                }

                sources.Add((key, new SecretSource(kind, value)));
            }
        }

        if (allowInline)
        {
            Add(name, SecretSourceKind.Inline);
        }

        Add(name + "_file", SecretSourceKind.File);
        Add(name + "_command", SecretSourceKind.Command);
        Add(name + "_env", SecretSourceKind.Environment);
        return sources.Count switch
        {
            0 when required => throw table.Error(table.Table.Line, name, $"required: set one of {(allowInline ? name + ", " : string.Empty)}{name}_file, {name}_command or {name}_env"),
            0 => null,
            1 => sources[0].Source,
            _ => throw table.Error(table.LineOf(sources[1].Key), sources[1].Key, $"conflicts with {sources[0].Key}: set only one way to get the {name}"),
        };
    }

    private static StoreConfig ReadStore(string name, TomlTableReader table, string baseDir, Func<string, string?>? env)
    {
        var kind = table.String("kind") switch
        {
            "imap" => StoreKind.Imap,
            "notmuch" => StoreKind.Notmuch,
            null => throw table.Missing("kind"),
            var other => throw table.Error(table.LineOf("kind"), "kind", $"expected \"imap\" or \"notmuch\", got \"{other}\""),
        };

        if (kind == StoreKind.Notmuch)
        {
            var config = table.String("config") is { } c ? ExpandPath(c, baseDir, env) : null;
            table.RejectUnknownKeys(NotmuchKeys);
            return new StoreConfig(name, kind, null, config);
        }

        var host = table.RequiredString("host");
        var security = table.String("security") switch
        {
            null or "tls" => ImapSecurity.Tls,
            "starttls" => ImapSecurity.StartTls,
            "insecure" => ImapSecurity.Insecure,
            var other => throw table.Error(table.LineOf("security"), "security", $"expected \"tls\", \"starttls\" or \"insecure\", got \"{other}\""),
        };
        var port = (int)(table.Integer("port", 1, 65535) ?? (security == ImapSecurity.Tls ? ConfigDefaults.ImapTlsPort : ConfigDefaults.ImapPlainPort));
        var user = table.RequiredString("user");
        var password = ReadSecret(table, "password", required: true, allowInline: false)!;
        if (password.Kind == SecretSourceKind.File)
        {
            password = password with { Reference = ExpandPath(password.Reference, baseDir, env) };
        }

        var folders = table.StringList("folders") ?? ConfigDefaults.ImapFolders;
        if (folders.Count == 0 || folders.Any(string.IsNullOrWhiteSpace))
        {
            throw table.Error(table.LineOf("folders"), "folders", "expected a non-empty list of folder names or globs");
        }

        table.RejectUnknownKeys(ImapKeys);
        return new StoreConfig(name, kind, new ImapConfig(host, port, security, user, password, folders), null);
    }

    private static ProjectConfig ReadProject(
        string name,
        TomlTableReader table,
        IReadOnlyDictionary<string, TrackerConfig> trackers,
        IReadOnlyDictionary<string, StoreConfig> stores)
    {
        var linkName = table.String("linkname") ?? name;
        var tracker = table.String("tracker") ?? (trackers.Count == 1 ? trackers.Keys.Single() : throw table.Missing("tracker"));
        if (!trackers.ContainsKey(tracker))
        {
            throw table.Error(table.LineOf("tracker"), "tracker", $"no [trackers.{tracker}] table (known: {Known(trackers.Keys)})");
        }

        var store = table.String("store") ?? (stores.Count == 1 ? stores.Keys.Single() : throw table.Missing("store"));
        if (!stores.ContainsKey(store))
        {
            throw table.Error(table.LineOf("store"), "store", $"no [stores.{store}] table (known: {Known(stores.Keys)})");
        }

        var epoch = table.Date("epoch");
        table.RejectUnknownKeys(ProjectKeys);
        return new ProjectConfig(name, linkName, tracker, store, epoch);
    }

    private static string Known(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "none" : list;
    }

    private static string ExpandPath(string path, string baseDir, Func<string, string?>? env)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = (env ?? Environment.GetEnvironmentVariable)("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            path = Path.Combine(home, path.Length > 2 ? path[2..] : string.Empty);
        }

        return Path.GetFullPath(path, baseDir);
    }
}

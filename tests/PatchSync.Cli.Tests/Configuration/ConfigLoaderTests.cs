using PatchSync.Cli.Configuration;
using PatchSync.Core.Planning;
using PatchSync.Core.Secrets;
using PatchSync.Mail.Imap;
using PatchSync.Testing;

namespace PatchSync.Cli.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string Minimal = """
        [trackers.local]
        url = "http://127.0.0.1:8000"
        token_env = "PW_TOKEN"

        [stores.mail]
        kind = "notmuch"

        [projects.demo]
        """;

    private const string NotmuchStore = """
        [stores.s]
        kind = "notmuch"
        """;

    /// <summary>An IMAP store with no password setting and no port.</summary>
    private const string ImapStore = """
        [stores.imap]
        kind = "imap"
        host = "h"
        user = "u"
        """;

    private static PwsyncConfig Parse(string text) =>
        ConfigLoader.Parse(text, "/etc/pwsync.toml", name => name == "HOME" ? "/home/maint" : null);

    private static string ErrorOf(string text) =>
        Assert.Throws<ConfigException>(() => Parse(text)).Message;

    /// <summary>
    /// Tracker <c>t</c> (lines 1-2, then <paramref name="tracker"/>), the <paramref name="stores"/> tables,
    /// then project <c>p</c> (then <paramref name="project"/>), one key a line: so the line an error names
    /// can be counted from the test.
    /// </summary>
    private static string Config(string stores, string tracker = "", string project = "") =>
        string.Join('\n', new[] { "[trackers.t]", "url = \"http://127.0.0.1:1\"", tracker, stores, "[projects.p]", project }.Where(part => part.Length > 0));

    [Fact]
    public void Load_ExampleFile_ReadsEveryTable()
    {
        var config = ConfigLoader.Load(Path.Combine(SharedFixtures.RepositoryRoot, "pwsync.example.toml"));

        Assert.Equal(ConflictRule.Tracker, config.Conflict);
        Assert.Equal(4, config.Concurrency);
        Assert.Equal(TimeSpan.FromDays(1), config.FullCheckInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), config.EventsOverlap);
        Assert.Equal("pw-applied", config.Tags.States["accepted"]);
        Assert.Equal(new SecretSource(SecretSourceKind.Environment, "PWSYNC_KERNEL_TOKEN"), config.Trackers["kernel"].Token);
        Assert.Equal(StoreKind.Imap, config.Stores["work"].Kind);
        Assert.Equal(["INBOX", "lists/*"], config.Stores["work"].Imap!.Folders);
        Assert.Equal(StoreKind.Notmuch, config.Stores["local"].Kind);
        Assert.Equal(["netdev", "linux-rdma"], config.Projects.Select(p => p.Name));
        Assert.Equal("netdevbpf", config.Projects[0].LinkName);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), config.Projects[0].Epoch);
        Assert.Equal("linux-rdma", config.Projects[1].LinkName);
        Assert.Null(config.Projects[1].Epoch);
    }

    [Fact]
    public void Parse_Minimal_UsesDefaults()
    {
        var config = Parse(Minimal);

        Assert.Equal("/home/maint/.local/state/pwsync/state.db", config.StateDb);
        Assert.Equal("pw-", config.Tags.Prefix);
        Assert.Equal("pw-archived", config.Tags.Archived);
        Assert.False(config.Tags.Extra);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Trackers["local"].Timeout);
        var project = Assert.Single(config.Projects);
        Assert.Equal(("demo", "local", "mail"), (project.LinkName, project.Tracker, project.Store));
    }

    [Fact]
    public void Parse_IntegerKeyWithString_NamesFileLineAndKey()
    {
        var message = ErrorOf(Config(ImapStore + "\nport = \"abc\"\npassword_env = \"P\""));

        Assert.Equal("/etc/pwsync.toml:7: stores.imap.port: expected an integer, got \"abc\"", message);
    }

    [Fact]
    public void Parse_UnknownKey_IsAnError()
    {
        var message = ErrorOf(Minimal + "\nlinknmae = \"x\"\n");

        Assert.StartsWith("/etc/pwsync.toml:9: projects.demo.linknmae: unknown key", message);
    }

    [Fact]
    public void Parse_UnknownRootKey_IsAnError()
    {
        var message = ErrorOf("concurency = 3\n" + Minimal);

        Assert.StartsWith("/etc/pwsync.toml:1: concurency: unknown key", message);
    }

    [Theory]
    [InlineData("conflict = \"both\"", "conflict: expected \"tracker\" or \"mail\", got \"both\"")]
    [InlineData("concurrency = 0", "concurrency: must be between 1 and 64, got 0")]
    [InlineData("full_check_interval = \"soon\"", "full_check_interval: expected a duration")]
    [InlineData("state_db = 5", "state_db: expected a string, got 5")]
    public void Parse_BadRootValue_NamesKey(string line, string expected)
    {
        var message = ErrorOf(line + "\n" + Minimal);

        Assert.Contains(":1: " + expected, message);
    }

    [Fact]
    public void Parse_InlineTokenOfWrongType_DoesNotPrintIt()
    {
        var message = ErrorOf(Config(NotmuchStore, tracker: "token = [\"s3cr3t-token\"]"));

        Assert.Equal("/etc/pwsync.toml:3: trackers.t.token: expected a string, got an array", message);
        Assert.DoesNotContain("s3cr3t", message);
    }

    [Fact]
    public void Parse_TwoTokenSources_IsAnError()
    {
        var message = ErrorOf(Config(NotmuchStore, tracker: "token = \"abc\"\ntoken_env = \"X\""));

        Assert.Equal("/etc/pwsync.toml:4: trackers.t.token_env: conflicts with token: set only one way to get the token", message);
        Assert.DoesNotContain("abc", message);
    }

    [Fact]
    public void Parse_ProjectNamingMissingStore_IsAnError()
    {
        var message = ErrorOf(Config("[stores.a]\nkind = \"notmuch\"\n[stores.b]\nkind = \"notmuch\"", project: "store = \"c\""));

        Assert.Equal("/etc/pwsync.toml:8: projects.p.store: no [stores.c] table (known: a, b)", message);
    }

    [Fact]
    public void Parse_ImapWithoutPassword_IsAnError()
    {
        var message = ErrorOf(Config(ImapStore));

        Assert.StartsWith("/etc/pwsync.toml:3: stores.imap.password: required: set one of password_file", message);
    }

    [Fact]
    public void Parse_ImapDefaults_TlsPort993AndInbox()
    {
        var config = Parse(Config(ImapStore + "\npassword_file = \"~/pw\""));

        var imap = config.Stores["imap"].Imap!;
        Assert.Equal((993, ImapSecurity.Tls), (imap.Port, imap.Security));
        Assert.Equal(["INBOX"], imap.Folders);
        Assert.Equal(new SecretSource(SecretSourceKind.File, "/home/maint/pw"), imap.Password);
    }

    [Theory]
    [InlineData("prefix = \"\"", "tags.prefix: must be a non-empty tag prefix")]
    [InlineData("archived = \"archived\"", "tags.archived: tag \"archived\" must start with the prefix \"pw-\"")]
    [InlineData("[tags.states]\nnew = \"pw new\"", "tags.states.new: tag \"pw new\" must start with the prefix")]
    [InlineData("[tags.states]\nnew = \"pw-x\"\nrfc = \"pw-x\"", "tags.states.rfc: tag \"pw-x\" is already used for another state")]
    public void Parse_BadTag_IsAnError(string tags, string expected)
    {
        var message = ErrorOf("[tags]\n" + tags + "\n" + Minimal);

        Assert.Contains(expected, message);
    }

    [Fact]
    public void Parse_InvalidToml_NamesLine()
    {
        var message = ErrorOf("conflict = \n" + Minimal);

        Assert.StartsWith("/etc/pwsync.toml:1: invalid TOML:", message);
    }

    [Fact]
    public void Parse_NoProjects_IsAnError()
    {
        var message = ErrorOf("[trackers.t]\nurl = \"http://127.0.0.1:1\"\n");

        Assert.Contains("projects: no project configured", message);
    }

    [Fact]
    public void Parse_EpochAsStringOrDate_BothAccepted()
    {
        var asString = Parse(Minimal + "\nepoch = \"2025-06-01\"\n").Projects[0].Epoch;
        var asDate = Parse(Minimal + "\nepoch = 2025-06-01\n").Projects[0].Epoch;

        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), asString);
        Assert.Equal(asString, asDate);
    }

    [Fact]
    public void Parse_BadEpoch_NamesKey()
    {
        var message = ErrorOf(Minimal + "\nepoch = \"June\"\n");

        Assert.Equal("/etc/pwsync.toml:9: projects.demo.epoch: expected a date such as 2025-06-01, got \"June\"", message);
    }

    [Fact]
    public void Load_MissingFile_OneLine()
    {
        using var dir = new TempDirectory();
        var message = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.File("nope.toml"))).Message;

        Assert.StartsWith("no config at " + dir.File("nope.toml") + ": copy pwsync.example.toml there", message, StringComparison.Ordinal);
        Assert.Contains("--config", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("45s", 45)]
    [InlineData("00:05:00", 300)]
    public void DurationParser_Valid_Parses(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-5m")]
    [InlineData("5y")]
    public void DurationParser_Invalid_Fails(string text) =>
        Assert.False(DurationParser.TryParse(text, out _));
}

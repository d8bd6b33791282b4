namespace PatchSync.Testing.MailStores;

/// <summary>
/// A throwaway notmuch database in a temp dir: its own config file (pass <see cref="ConfigPath"/> as
/// <c>--config</c>), a Maildir and the Xapian database. Mail is added with <c>notmuch insert</c> (one
/// message) or written as files and indexed by one <c>notmuch new</c> (bulk). notmuch writers lock each
/// other: use one database per test, or keep tests on one database in one xunit collection.
/// </summary>
public sealed class NotmuchDatabase : IDisposable
{
    private readonly TempDirectory _dir;
    private int _files;

    private NotmuchDatabase(TempDirectory dir)
    {
        _dir = dir;
    }

    public string ConfigPath => _dir.File("notmuch-config");

    public string MailPath => _dir.File("mail");


    public static async Task<NotmuchDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var db = new NotmuchDatabase(new TempDirectory("pwsync-nm"));
        foreach (var sub in new[] { "cur", "new", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(db.MailPath, sub));
        }

        await File.WriteAllTextAsync(
            db.ConfigPath,
            $"[database]\npath={db.MailPath}\n[new]\ntags=inbox;\n[search]\nexclude_tags=\n[user]\nname=Test\nprimary_email=test@example.invalid\n",
            cancellationToken);
        await db.NotmuchAsync("new");
        return db;
    }

    /// <summary>Runs <c>notmuch --config=CONFIG args...</c> and returns stdout.</summary>
    public Task<string> NotmuchAsync(params string[] args) =>
        ExternalCommand.RunAsync("notmuch", ["--config=" + ConfigPath, .. args]);

    /// <summary>Delivers and indexes one message, with extra tags (e.g. <c>pw-new</c>).</summary>
    public Task InsertAsync(string message, params string[] tags) =>
        ExternalCommand.RunAsync("notmuch", ["--config=" + ConfigPath, "insert", .. tags.Select(t => "+" + t)], message);

    /// <summary>Writes a message file into the Maildir without indexing it (call <see cref="IndexNewAsync"/>).</summary>
    public Task WriteFileAsync(string message)
    {
        var name = Path.Combine(MailPath, "cur", $"{Interlocked.Increment(ref _files)}.pwsync-test:2,S");
        return File.WriteAllTextAsync(name, message);
    }

    /// <summary>One <c>notmuch new</c> for everything written since.</summary>
    public Task IndexNewAsync() => NotmuchAsync("new", "--quiet");

    /// <summary>Another client changes tags: <c>notmuch tag +a -b -- QUERY</c>.</summary>
    public Task TagAsync(string query, params string[] operations) => NotmuchAsync(["tag", .. operations, "--", query]);

    /// <summary>Deletes the Xapian database and indexes the mail again: same mail, new UUID, tags lost.</summary>
    public async Task RebuildAsync()
    {
        Directory.Delete(Path.Combine(MailPath, ".notmuch"), recursive: true);
        await NotmuchAsync("new", "--quiet");
    }

    public void Dispose() => _dir.Dispose();
}

using PatchSync.Server.Data;
using PatchSync.Server.Data.Migrations;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Importing;
using PatchSync.Testing;
using PatchSync.Testing.Server;

namespace PatchSync.Server.Tests.Support;

/// <summary>
/// A migrated database with two projects (widgets, gadgets) each holding the sample mbox, a
/// maintainer of widgets, a plain user and "ada" (whose address sent some of the patches), with tokens.
/// </summary>
public sealed class TestData : IAsyncDisposable
{
    private readonly TempDirectory? _directory;

    private TestData(Database database, TempDirectory? directory)
    {
        Database = database;
        _directory = directory;
    }

    public Database Database { get; }

    public string MaintainerToken { get; private set; } = "";

    public string PlainToken { get; private set; } = "";

    public string SubmitterToken { get; private set; } = "";

    public long MaintainerId { get; private set; }

    public long PlainId { get; private set; }

    public ImportSummary Imported { get; private set; } = ImportSummary.Empty;

    public static Task<TestData> CreateSqliteAsync(DataOptions? options = null)
    {
        var directory = new TempDirectory("pwsync-server-test");
        return CreateAsync(Database.Open(directory.File("db.sqlite"), options), directory);
    }

    public static async Task<TestData> CreateAsync(Database database, TempDirectory? directory = null)
    {
        var data = new TestData(database, directory);
        var ct = CancellationToken.None;
        await Migrator.MigrateAsync(database, ct);
        var projects = new ProjectStore(database);
        await projects.AddAsync("widgets", "Widgets", "widgets.lists.example.org", ct);
        await projects.AddAsync("gadgets", "Gadgets", "gadgets.lists.example.org", ct);
        var users = new UserStore(database);
        data.MaintainerId = await users.AddAsync("maint", "maint@widgets.example.org", "widgets", ct);
        data.PlainId = await users.AddAsync("plain", "plain@example.org", null, ct);
        await users.AddAsync("ada", "ada@widgets.example.org", null, ct);
        data.MaintainerToken = await users.NewTokenAsync("maint", ct);
        data.PlainToken = await users.NewTokenAsync("plain", ct);
        data.SubmitterToken = await users.NewTokenAsync("ada", ct);
        var importer = new MailImporter(database, TimeProvider.System);
        data.Imported = await importer.ImportAsync("widgets", [ServerProcess.SampleMbox], TextWriter.Null, ct);
        await importer.ImportAsync("gadgets", [ServerProcess.SampleMbox], TextWriter.Null, ct);
        return data;
    }

    public async ValueTask DisposeAsync()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory?.Dispose();
        await Task.CompletedTask;
    }
}

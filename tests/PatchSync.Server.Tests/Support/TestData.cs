using PatchSync.Server.Data;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Importing;
using PatchSync.Testing.Server;

namespace PatchSync.Server.Tests.Support;

/// <summary>
/// A migrated database with two projects (widgets, gadgets) each holding the sample mbox, a
/// maintainer of widgets, a plain user and "ada" (whose address sent some of the patches), with tokens.
/// </summary>
internal sealed class TestData : IAsyncDisposable
{
    private readonly TempSqliteDatabase? _file;

    private TestData(Database database, TempSqliteDatabase? file)
    {
        Database = database;
        _file = file;
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
        var file = TempSqliteDatabase.Open("pwsync-server-test", options);
        return FillAsync(new TestData(file.Database, file));
    }

    /// <summary>The test data in <paramref name="database"/> (a PostgreSQL one, say), which disposing the test data disposes.</summary>
    public static Task<TestData> CreateAsync(Database database) => FillAsync(new TestData(database, null));

    public ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            _file.Dispose();
        }
        else
        {
            Database.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<TestData> FillAsync(TestData data)
    {
        var database = data.Database;
        var ct = CancellationToken.None;
        await DatabaseSetup.MigrateWithProjectsAsync(
            database, ("widgets", "Widgets", "widgets.lists.example.org"), ("gadgets", "Gadgets", "gadgets.lists.example.org"));
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
}

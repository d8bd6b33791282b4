using PatchSync.Server.Data;
using PatchSync.Server.Data.Migrations;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Tests.Support;

/// <summary>The set-up every test database starts from: the schema, then the tests' projects.</summary>
internal static class DatabaseSetup
{
    public static async Task MigrateWithProjectsAsync(Database database, params (string Linkname, string Name, string ListId)[] projects)
    {
        await Migrator.MigrateAsync(database, CancellationToken.None);
        var store = new ProjectStore(database);
        foreach (var (linkname, name, listId) in projects)
        {
            await store.AddAsync(linkname, name, listId, CancellationToken.None);
        }
    }
}

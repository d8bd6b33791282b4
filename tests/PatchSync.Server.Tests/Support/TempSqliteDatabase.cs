using PatchSync.Server.Data;
using PatchSync.Testing;

namespace PatchSync.Server.Tests.Support;

/// <summary>
/// A SQLite database file in its own temporary directory. Disposing closes the database, clears
/// SQLite's connection pools (a pooled connection keeps the file open) and deletes the directory.
/// </summary>
internal sealed class TempSqliteDatabase : IDisposable
{
    private TempSqliteDatabase(TempDirectory directory, Database database)
    {
        Directory = directory;
        Database = database;
    }

    /// <summary>The directory holding the database; tests may put their own files in it.</summary>
    public TempDirectory Directory { get; }

    public Database Database { get; }

    /// <summary>Opens a new, empty database file (not yet migrated).</summary>
    public static TempSqliteDatabase Open(string prefix, DataOptions? options = null)
    {
        var directory = new TempDirectory(prefix);
        return new TempSqliteDatabase(directory, Database.Open(directory.File("db.sqlite"), options));
    }

    /// <summary>Opens a new database file, migrated and holding <paramref name="projects"/>.</summary>
    public static async Task<TempSqliteDatabase> CreateAsync(string prefix, params (string Linkname, string Name, string ListId)[] projects)
    {
        var file = Open(prefix);
        await DatabaseSetup.MigrateWithProjectsAsync(file.Database, projects);
        return file;
    }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}

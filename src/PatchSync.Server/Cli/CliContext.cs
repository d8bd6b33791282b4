using System.CommandLine;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Migrations;

namespace PatchSync.Server.Cli;

/// <summary>What every command shares: the global <c>--db</c> option and the output streams.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error)
{
    public Option<string> Db { get; } = new("--db")
    {
        Description = "SQLite file path or PostgreSQL connection string (Host=...); default $XDG_DATA_HOME/pwsync-server/db.sqlite",
        Recursive = true,
        DefaultValueFactory = _ => DefaultDatabasePath(),
    };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Opens the database named by --db and brings its schema up to date.</summary>
    public async Task<Database> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var database = Database.Open(parse.GetValue(Db)!);
        await Migrator.MigrateAsync(database, cancellationToken);
        return database;
    }

    public static string DefaultDatabasePath()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "pwsync-server", "db.sqlite");
    }
}

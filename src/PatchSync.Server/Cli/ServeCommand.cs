using System.CommandLine;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Cli;

/// <summary><c>serve [--urls URLS]</c>: runs the REST API until stopped (binds 127.0.0.1 by default).</summary>
public static class ServeCommand
{
    public static Command Create(CliContext cli)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (semicolon-separated)",
            DefaultValueFactory = _ => "http://127.0.0.1:8000",
        };
        var serve = new Command("serve", "Serve the Patchwork-compatible REST API") { urls };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await cli.OpenAsync(parse, cancellationToken);
            await using var app = ServerApp.Build(database, parse.GetValue(urls)!);
            await app.StartAsync(cancellationToken);
            await cli.Output.WriteLineAsync($"pwsync-server listening on {string.Join(", ", app.Urls)} ({database.DisplayName})");
            await cli.Output.FlushAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return serve;
    }
}

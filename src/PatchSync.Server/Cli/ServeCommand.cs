using System.CommandLine;
using PatchSync.Server.Hosting;

namespace PatchSync.Server.Cli;

/// <summary><c>serve [--urls URLS] [--patchwork-quirks]</c>: runs the REST API until stopped (binds 127.0.0.1 by default).</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext cli)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen (semicolon-separated)",
            DefaultValueFactory = _ => "http://127.0.0.1:8000",
        };
        var quirks = new Option<bool>("--patchwork-quirks")
        {
            Description = "Behave as strictly as Patchwork 3.1.3 where a lenient server would hide a client's bug: "
                + "a request body sent chunked without Content-Length is read as empty, and a since/before "
                + "with a time zone is read as Australia/Canberra local time (for test doubles)",
        };
        var serve = new Command("serve", "Serve the Patchwork-compatible REST API") { urls, quirks };
        serve.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await cli.OpenAsync(parse, cancellationToken);
            await using var app = ServerApp.Build(database, parse.GetValue(urls)!, quirks: parse.GetValue(quirks) ? PatchworkQuirks.On : PatchworkQuirks.Off);
            await app.StartAsync(cancellationToken);
            var mode = parse.GetValue(quirks) ? ", Patchwork quirks on" : "";
            await cli.Output.WriteLineAsync($"pwsync-server listening on {string.Join(", ", app.Urls)} ({database.DisplayName}{mode})");
            await cli.Output.FlushAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return serve;
    }
}

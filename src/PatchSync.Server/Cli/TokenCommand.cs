using System.CommandLine;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Cli;

/// <summary><c>token new USERNAME</c>: prints only the new token (its hash is stored; it cannot be shown again).</summary>
internal static class TokenCommand
{
    public static Command Create(CliContext cli)
    {
        var username = new Argument<string>("USERNAME");
        var create = new Command("new", "Make a new API token for a user (replaces the old one)") { username };
        create.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await cli.OpenAsync(parse, cancellationToken);
            var token = await new UserStore(database).NewTokenAsync(parse.GetValue(username)!, cancellationToken);
            await cli.Output.WriteLineAsync(token);
            return 0;
        });
        return new Command("token", "Manage API tokens") { create };
    }
}

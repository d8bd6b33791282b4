using System.CommandLine;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Cli;

/// <summary><c>user add USERNAME [--email EMAIL] [--maintainer-of LINKNAME]</c>.</summary>
public static class UserCommand
{
    public static Command Create(CliContext cli)
    {
        var username = new Argument<string>("USERNAME");
        var email = new Option<string?>("--email") { Description = "Mail address (links the user to mail sent from it)" };
        var maintainerOf = new Option<string?>("--maintainer-of") { Description = "Project linkname the user maintains" };
        var add = new Command("add", "Create a user") { username, email, maintainerOf };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await cli.OpenAsync(parse, cancellationToken);
            var id = await new UserStore(database).AddAsync(parse.GetValue(username)!, parse.GetValue(email), parse.GetValue(maintainerOf), cancellationToken);
            await cli.Output.WriteLineAsync($"user {parse.GetValue(username)} created (id {id})");
            return 0;
        });
        return new Command("user", "Manage users") { add };
    }
}

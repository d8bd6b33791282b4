using System.CommandLine;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Cli;

/// <summary><c>user add USERNAME [--email EMAIL] [--maintainer-of LINKNAME]</c> and <c>user passwd USERNAME [--password PASSWORD]</c>.</summary>
internal static class UserCommand
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
        var password = new Option<string?>("--password") { Description = "The new password; without it, the first line of standard input (keeps it out of the process list)" };
        var passwd = new Command("passwd", "Set a user's password, for HTTP Basic auth on the API") { username, password };
        passwd.SetAction(async (parse, cancellationToken) =>
        {
            var newPassword = parse.GetValue(password) ?? await Console.In.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(newPassword))
            {
                await cli.Error.WriteLineAsync("pwsync-server: no password given (--password, or one line on standard input)");
                return 2;
            }

            using var database = await cli.OpenAsync(parse, cancellationToken);
            await new UserStore(database).SetPasswordAsync(parse.GetValue(username)!, newPassword, cancellationToken);
            await cli.Output.WriteLineAsync($"password of {parse.GetValue(username)} set");
            return 0;
        });
        return new Command("user", "Manage users") { add, passwd };
    }
}

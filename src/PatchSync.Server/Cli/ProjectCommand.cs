using System.CommandLine;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Cli;

/// <summary><c>project add LINKNAME --name NAME --list-id LISTID</c>.</summary>
internal static class ProjectCommand
{
    public static Command Create(CliContext cli)
    {
        var linkname = new Argument<string>("LINKNAME") { Description = "Short name used in URLs and filters" };
        var name = new Option<string>("--name") { Description = "Display name", Required = true };
        var listId = new Option<string>("--list-id") { Description = "The mailing list's List-Id (e.g. dev.example.org)", Required = true };
        var add = new Command("add", "Create a project") { linkname, name, listId };
        add.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await cli.OpenAsync(parse, cancellationToken);
            var id = await new ProjectStore(database).AddAsync(parse.GetValue(linkname)!, parse.GetValue(name)!, parse.GetValue(listId)!, cancellationToken);
            await cli.Output.WriteLineAsync($"project {parse.GetValue(linkname)} created (id {id})");
            return 0;
        });
        return new Command("project", "Manage projects") { add };
    }
}

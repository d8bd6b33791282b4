using System.CommandLine;
using System.Data.Common;
using PatchSync.Server.Data;

namespace PatchSync.Server.Cli;

/// <summary>
/// The pwsync-server command line. Any failure is one line on stderr and a non-zero exit:
/// 2 for usage errors, 1 for refused or failed operations.
/// </summary>
internal static class ServerCommandLine
{
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("pwsync-server: a Patchwork-compatible patch tracker")
        {
            cli.Db,
            ProjectCommand.Create(cli),
            UserCommand.Create(cli),
            TokenCommand.Create(cli),
            IngestCommand.Create(cli),
            ServeCommand.Create(cli),
            DbCommand.Create(cli),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var cli = new CliContext(output ?? Console.Out, error ?? Console.Error);
        var root = Build(cli);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unknown word explains more than "command not provided", which accompanies it.
            var first = parse.Errors.OrderByDescending(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)).First();
            await cli.Error.WriteLineAsync($"pwsync-server: {first.Message} (see --help)");
            return 2;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = cli.Output, Error = cli.Error }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e) when (e is DataException or DbException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            await cli.Error.WriteLineAsync($"pwsync-server: {FirstLine(e.Message)}");
            return 1;
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

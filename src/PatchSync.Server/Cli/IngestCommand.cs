using System.CommandLine;
using PatchSync.Server.Importing;

namespace PatchSync.Server.Cli;

/// <summary>
/// <c>ingest --project LINKNAME PATH...</c> (mbox files, maildirs, <c>-</c> = stdin): prints the counts
/// on stdout and each skipped mail's reason on stderr; exits 1 when mail was given and nothing could be
/// stored (every mail skipped, or no mail found). Mails already stored (duplicates) are not a failure.
/// </summary>
internal static class IngestCommand
{
    public static Command Create(CliContext cli)
    {
        var project = new Option<string>("--project") { Description = "Linkname of the project the mails belong to", Required = true };
        var paths = new Argument<string[]>("PATH") { Description = "mbox files, maildirs, or - for standard input", Arity = ArgumentArity.OneOrMore };
        var timings = new Option<bool>("--timings") { Description = "Also print where the time went (stderr)" };
        var ingest = new Command("ingest", "Store patches, cover letters and replies from mail") { project, paths, timings };
        ingest.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await cli.OpenAsync(parse, cancellationToken);
            var importer = new MailImporter(database, TimeProvider.System);
            var summary = await importer.ImportAsync(parse.GetValue(project)!, parse.GetValue(paths)!, cli.Error, cancellationToken);
            await cli.Output.WriteLineAsync(summary.ToString());
            if (parse.GetValue(timings))
            {
                await cli.Error.WriteLineAsync(importer.Timings.ToString());
            }

            if (summary.StoredNothingOfSomething)
            {
                // A wholly unreadable input is an error a script must see, not a quiet success.
                await cli.Error.WriteLineAsync($"pwsync-server: ingest: {summary.NothingStoredReason}");
                return 1;
            }

            return 0;
        });
        return ingest;
    }
}

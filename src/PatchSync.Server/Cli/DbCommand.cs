using System.CommandLine;
using System.Globalization;
using PatchSync.Server.Data.Analysis;

namespace PatchSync.Server.Cli;

/// <summary><c>db analyze</c>: for each list endpoint, the query, its plan, the index used and its time.</summary>
internal static class DbCommand
{
    public static Command Create(CliContext cli)
    {
        var runs = new Option<int>("--runs") { Description = "Timed runs per query (the median is shown)", DefaultValueFactory = _ => 5 };
        var analyze = new Command("analyze", "Explain and time each list endpoint's query on the current data") { runs };
        analyze.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await cli.OpenAsync(parse, cancellationToken);
            await cli.Output.WriteLineAsync($"database: {database.DisplayName} ({database.Dialect.Name})");
            foreach (var q in await QueryAnalyzer.AnalyzeAsync(database, parse.GetValue(runs), cancellationToken))
            {
                await cli.Output.WriteLineAsync();
                await cli.Output.WriteLineAsync($"GET {q.Endpoint}");
                await cli.Output.WriteLineAsync($"  query: {q.Sql}");
                foreach (var line in q.Plan)
                {
                    await cli.Output.WriteLineAsync($"  plan:  {line}");
                }

                var verdict = q.FullScan ? "FULL SCAN" : q.Sorts ? "SORTS" : "ok";
                await cli.Output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  index: {q.Index ?? "(none)"}   time: {q.Median.TotalMilliseconds:0.000} ms   {verdict}"));
            }

            return 0;
        });
        return new Command("db", "Database maintenance") { analyze };
    }
}

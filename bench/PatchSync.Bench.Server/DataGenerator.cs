using System.Diagnostics;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Data.Writing;

namespace PatchSync.Bench.Server;

/// <summary>
/// Fills a database through the data layer's bulk writer (<c>WriteBatch.AddPatchesAsync</c> inside a
/// <c>BulkLoad</c>, which on an empty PostgreSQL database builds indexes and keys after the copy): half the patches in project 1 (so a
/// project+state filter has more than 100 pages of 100), the rest spread over the other projects;
/// 60% new, the rest over the other states; a fifth archived. Each patch gets a small body and its
/// patch-created event, as ingest writes them.
/// </summary>
internal static class DataGenerator
{
    private const int BatchSize = 20_000;

    public static async Task<TimeSpan> FillAsync(Database database, BenchOptions options, CancellationToken cancellationToken)
    {
        var projects = new ProjectStore(database);
        for (var p = 1; p <= options.Projects; p++)
        {
            await projects.AddAsync($"proj{p}", $"Project {p}", $"proj{p}.lists.example.org", cancellationToken);
        }

        var random = new Random(42);
        var start = Stopwatch.StartNew();
        var perProject = new int[options.Projects + 1];
        for (var i = 0; i < options.Patches; i++)
        {
            perProject[i % 2 == 0 ? 1 : 2 + (random.Next(options.Projects - 1))]++;
        }

        var number = 0;
        var baseDate = DbTime.ToMicros(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await using var load = await BulkLoad.BeginAsync(database, cancellationToken);
        for (var project = 1; project <= options.Projects; project++)
        {
            for (var done = 0; done < perProject[project]; done += BatchSize)
            {
                await using var batch = await load.BatchAsync(project, cancellationToken);
                var now = DbTime.Now();
                var people = new long[50];
                for (var i = 0; i < people.Length; i++)
                {
                    people[i] = await batch.PersonAsync($"Author {i}", $"author{i}@example.org", cancellationToken);
                }

                var patches = new List<NewPatch>(BatchSize);
                for (var i = done; i < Math.Min(done + BatchSize, perProject[project]); i++)
                {
                    number++;
                    var roll = random.Next(100);
                    patches.Add(
                        new NewPatch
                        {
                            Msgid = $"<{number}.bench@example.org>",
                            Date = baseDate + (number * 60_000_000L),
                            Name = $"[PATCH {number % 7 + 1}/7] subsystem{number % 97}: change number {number}",
                            SubmitterId = people[random.Next(people.Length)],
                            StateId = roll < 60 ? States.NewId : 2 + random.Next(10),
                            Archived = random.Next(5) == 0,
                            Hash = number.ToString("x40", System.Globalization.CultureInfo.InvariantCulture),
                            HeadersJson = "{\"Subject\":\"bench\"}",
                            Content = "Make the thing better.\n\nSigned-off-by: Author <author@example.org>",
                            Diff = "--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n",
                        });
                }

                // Binary COPY on PostgreSQL, prepared inserts on SQLite.
                await batch.AddPatchesAsync(patches, now, cancellationToken);

                await batch.CommitAsync(cancellationToken);
            }

            Console.Error.Write($"\rgenerated {number}/{options.Patches} patches");
        }

        var loaded = start.Elapsed;
        await load.CompleteAsync(cancellationToken);
        Console.Error.WriteLine();
        if (load.Deferred)
        {
            Console.Error.WriteLine($"rows copied in {loaded.TotalSeconds:0.0} s, indexes and foreign keys built in {(start.Elapsed - loaded).TotalSeconds:0.0} s");
        }

        return start.Elapsed;
    }
}

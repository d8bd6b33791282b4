using Dapper;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Migrations;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Data.Writing;

namespace PatchSync.Bench.Sync.Setup;

/// <summary>
/// Fills a new pwsync-server SQLite database through the server's own bulk writer (<see cref="WriteBatch"/>,
/// what ingest uses): one project, a maintainer with a token, and N patches with bodies, counts and
/// <c>patch-created</c> events. States: 60% new, the rest spread over Patchwork's other states; 10% archived.
/// Each patch-created event carries the patch's own date, as on a tracker that received the mails over time
/// (so the first sync's look at recent events sees none of them, as in real life).
/// </summary>
public static class TrackerSeeder
{
    public const string Project = "bench";
    public const string Maintainer = "maint";
    public static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int BatchSize = 20_000;

    /// <returns>The patches in id order and the maintainer's API token.</returns>
    public static async Task<(IReadOnlyList<SeededPatch> Patches, string Token)> SeedAsync(string dbPath, int count, CancellationToken cancellationToken)
    {
        using var database = Database.Open(dbPath);
        await Migrator.MigrateAsync(database, cancellationToken);
        await new ProjectStore(database).AddAsync(Project, "Sync benchmark", "bench.lists.example.org", cancellationToken);
        var patches = new List<SeededPatch>(count);
        var random = new Random(42);
        for (var done = 0; done < count; done += BatchSize)
        {
            await using var batch = await WriteBatch.BeginAsync(database, projectId: 1, cancellationToken);
            var people = new long[20];
            for (var p = 0; p < people.Length; p++)
            {
                people[p] = await batch.PersonAsync($"Author {p}", $"author{p}@example.org", cancellationToken);
            }

            for (var i = done; i < Math.Min(count, done + BatchSize); i++)
            {
                var number = i + 1;
                var date = Epoch.AddMinutes(number);
                var stateId = random.Next(100) < 60 ? States.NewId : 2 + random.Next(States.All.Count - 1);
                var archived = random.Next(10) == 0;
                var subject = $"[PATCH] subsystem{number % 97}: change number {number}";
                var messageId = $"{number}.syncbench@example.org";
                var micros = DbTime.ToMicros(date);
                var id = await batch.AddPatchAsync(
                    new NewPatch
                    {
                        Msgid = $"<{messageId}>",
                        Date = micros,
                        Name = subject,
                        SubmitterId = people[number % people.Length],
                        StateId = stateId,
                        Archived = archived,
                        Hash = number.ToString("x40", System.Globalization.CultureInfo.InvariantCulture),
                        HeadersJson = "{\"Subject\":\"" + subject + "\"}",
                        Content = "Make the thing better.\n\nSigned-off-by: Author <author@example.org>",
                        Diff = "--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n",
                    },
                    eventDate: micros,
                    cancellationToken);
                patches.Add(new SeededPatch(id, messageId, date, States.SlugOf(stateId), archived, subject));
            }

            await batch.CommitAsync(cancellationToken);
        }

        var users = new UserStore(database);
        await users.AddAsync(Maintainer, "maint@example.org", Project, cancellationToken);
        var token = await users.NewTokenAsync(Maintainer, cancellationToken);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition("ANALYZE", commandType: System.Data.CommandType.Text, cancellationToken: cancellationToken));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (patches, token);
    }

    /// <summary>Every patch's current (state slug, archived) by Message-ID, read from the database (the tracker's truth).</summary>
    public static async Task<Dictionary<string, (string State, bool Archived)>> ReadStatesAsync(string dbPath, CancellationToken cancellationToken)
    {
        using var database = Database.Open(dbPath);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Msgid, long StateId, long Archived)>(new CommandDefinition(
            "SELECT msgid, state_id, archived FROM patches", cancellationToken: cancellationToken));
        var states = rows.ToDictionary(r => r.Msgid.Trim('<', '>'), r => (States.SlugOf(r.StateId), r.Archived != 0), StringComparer.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return states;
    }
}

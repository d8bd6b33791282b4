using PatchSync.State.Model;

namespace PatchSync.State;

public sealed partial class StateStore
{
    /// <summary>A summary for <c>pwsync status</c>: last run, counts per state, outbox size, conflicts.</summary>
    public async Task<StateStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var runs = await LoadRunsAsync(1, cancellationToken);
        var lastRun = runs.Count > 0 ? runs[0] : null;

        var projects = new Dictionary<(string Tracker, string Project), (Dictionary<string, long> PerState, long Archived)>();
        await using (var command = Command(
            // The base, or the tracker's value for a patch never synced (no mail yet).
            """
            SELECT tracker, project, COALESCE(base_state, tracker_state) AS state, COUNT(*),
                   SUM(COALESCE(base_archived, tracker_archived))
            FROM patches GROUP BY tracker, project, state ORDER BY tracker, project, state;
            """))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!projects.TryGetValue(key, out var entry))
                {
                    entry = (new Dictionary<string, long>(StringComparer.Ordinal), 0);
                }

                entry.PerState[reader.GetString(2)] = reader.GetInt64(3);
                projects[key] = (entry.PerState, entry.Archived + reader.GetInt64(4));
            }
        }

        long outbox;
        long conflicts;
        await using (var command = Command("SELECT (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM conflicts);"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            outbox = reader.GetInt64(0);
            conflicts = reader.GetInt64(1);
        }

        var recent = await LoadConflictsAsync(10, cancellationToken);
        IReadOnlyList<OutboxEntry> failing;
        await using (var command = Command(OutboxSelect + " WHERE attempts > 0 ORDER BY attempts DESC, id LIMIT 10;"))
        {
            failing = await ReadOutboxAsync(command, cancellationToken);
        }

        return new StateStatus(
            lastRun,
            projects
                .Select(p => new ProjectStatus(p.Key.Tracker, p.Key.Project, p.Value.PerState, p.Value.Archived, p.Value.PerState.Values.Sum()))
                .ToList(),
            checked((int)outbox),
            conflicts,
            recent)
        {
            FailingPushes = failing,
        };
    }
}

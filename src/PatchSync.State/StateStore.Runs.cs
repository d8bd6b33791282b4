using System.Text.Json;
using Microsoft.Data.Sqlite;
using PatchSync.Core.Ports;
using PatchSync.State.Model;
using PatchSync.State.Schema;

namespace PatchSync.State;

public sealed partial class StateStore
{
    /// <summary>Records the start of a run (committed at once, so an interrupted run shows as such).</summary>
    /// <returns>The run id for <see cref="EndRunAsync"/>.</returns>
    public async Task<long> BeginRunAsync(CancellationToken cancellationToken = default)
    {
        EnsureNoOpenTransaction();
        await using var command = Command("INSERT INTO runs (started_at) VALUES ($at) RETURNING id;");
        command.Parameters.AddWithValue("$at", Columns.Time(_time.GetUtcNow()));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Records how a run ended.</summary>
    /// <exception cref="ArgumentException">No run has that id.</exception>
    public async Task EndRunAsync(long runId, RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        EnsureNoOpenTransaction();
        await using var command = Command(
            "UPDATE runs SET ended_at = $at, result = $result, counts = $counts, timings = $timings, error = $error WHERE id = $id;");
        command.Parameters.AddWithValue("$at", Columns.Time(_time.GetUtcNow()));
        command.Parameters.AddWithValue("$result", outcome.Result.ToString());
        command.Parameters.AddWithValue("$counts", JsonSerializer.Serialize(outcome.Counts ?? new Dictionary<string, long>()));
        command.Parameters.AddWithValue("$timings", JsonSerializer.Serialize(outcome.TimingsSeconds ?? new Dictionary<string, double>()));
        command.Parameters.AddWithValue("$error", (object?)outcome.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$id", runId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ArgumentException($"no run {runId} in the state store", nameof(runId));
        }
    }

    /// <summary>The newest <paramref name="limit"/> runs, newest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> LoadRunsAsync(int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var command = Command(
            "SELECT id, started_at, ended_at, result, counts, timings, error FROM runs ORDER BY id DESC LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", limit);
        var runs = new List<RunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(ReadRun(reader));
        }

        return runs;
    }

    private static RunRecord ReadRun(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        Columns.ParseTime(reader.GetString(1)),
        reader.IsDBNull(2) ? null : Columns.ParseTime(reader.GetString(2)),
        reader.IsDBNull(3) ? null : Enum.Parse<RunSummaryOutcome>(reader.GetString(3)),
        reader.IsDBNull(4) ? new Dictionary<string, long>() : JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(4))!,
        reader.IsDBNull(5) ? new Dictionary<string, double>() : JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(5))!,
        reader.IsDBNull(6) ? null : reader.GetString(6));

    private void EnsureNoOpenTransaction()
    {
        // The runs log must record a run's start and end even when its work is rolled back.
        if (_open is not null)
        {
            throw new InvalidOperationException("the runs log is written outside state transactions; commit or dispose the open one first");
        }
    }
}

using Dapper;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Analysis;
using PatchSync.Server.Data.Migrations;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Importing;
using PatchSync.Server.Tests.Support;
using PatchSync.Testing.Server;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// Repository behaviour that must hold on every backend: migrations, counts kept in step with the
/// rows, idempotent ingest, events on updates, and list queries planned on their covering indexes.
/// Run against SQLite and PostgreSQL by the subclasses.
/// </summary>
public abstract class DataLayerTests : IAsyncLifetime
{
    private protected TestData Data { get; private set; } = null!;

    private protected Database Database => Data.Database;

    public async Task InitializeAsync() => Data = await CreateAsync();

    public async Task DisposeAsync() => await Data.DisposeAsync();

    private protected abstract Task<TestData> CreateAsync();

    /// <summary>Makes the planner prefer indexes whenever one fits (PostgreSQL on a tiny table would rather scan).</summary>
    protected virtual Task PreparePlannerAsync(System.Data.Common.DbConnection connection) => Task.CompletedTask;

    [Fact]
    public async Task Migrate_Twice_AppliesNothingTheSecondTime()
    {
        var again = await Migrator.MigrateAsync(Database, CancellationToken.None);

        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version")).ToList();
        Assert.Equal(0, again);
        Assert.Equal(Migrator.All.Select(m => (long)m.Version), versions);
    }

    [Fact]
    public async Task Migrate_VersionMissingBelowTheHighestApplied_IsApplied()
    {
        // Migrations come from parallel branches: a database may record 5 and later meet a build with 4.
        // Emulated with 3: its record and its column removed, while 5 stays applied.
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync("ALTER TABLE users DROP COLUMN password_hash");
        await connection.ExecuteAsync("DELETE FROM schema_version WHERE version = 3");

        var applied = await Migrator.MigrateAsync(Database, CancellationToken.None);

        Assert.Equal(1, applied);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL"));
        Assert.Equal(Migrator.All.Select(m => (long)m.Version), await connection.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task Relations_Updates_KeepMembersEventsAndCountsExact()
    {
        var patches = new PatchStore(Database, TimeProvider.System);
        var timings = new QueryTimings();
        Task<PatchUpdateResult> Relate(long id, params long[] related) =>
            patches.UpdateAsync(id, new PatchUpdate { Related = related }, Data.MaintainerId, timings, CancellationToken.None);

        var results = new[]
        {
            await Relate(1, 2, 3),
            await Relate(4, 1),
            await Relate(5, 6),
            await Relate(5, 1),
            await Relate(2),
            await Relate(5),
            await Relate(1, 17),
            await patches.UpdateAsync(7, new PatchUpdate { Related = [8] }, Data.PlainId, timings, CancellationToken.None),
        };

        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(
            [PatchUpdateResult.Updated, PatchUpdateResult.Updated, PatchUpdateResult.Updated, PatchUpdateResult.RelationConflict,
             PatchUpdateResult.Updated, PatchUpdateResult.Updated, PatchUpdateResult.NotMaintainer, PatchUpdateResult.NotMaintainer],
            results);
        Assert.Equal(
            [(1L, 3L), (3L, 3L), (4L, 3L)],
            (await connection.QueryAsync<(long, long)>(
                "SELECT patch_id, (SELECT COUNT(*) FROM patch_relation_members o WHERE o.relation_id = m.relation_id) FROM patch_relation_members m ORDER BY patch_id")).ToList());
        // Joins: 2, 3, 1 then 4, then 6, 5; leaves: 2 (of three, an event), 5 (of two: the relation is deleted, no event).
        Assert.Equal(
            [(2L, (long?)null), (3L, null), (1L, Data.MaintainerId), (4L, Data.MaintainerId), (6L, null), (5L, Data.MaintainerId), (2L, Data.MaintainerId)],
            (await connection.QueryAsync<(long, long?)>("SELECT patch_id, actor_id FROM events WHERE category = 'patch-relation-changed' ORDER BY id")).ToList());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM patch_relations"));
        var cached = (await connection.QueryAsync<(long, string, long)>("SELECT project_id, kind, n FROM row_counts WHERE kind LIKE 'event%' ORDER BY 1, 2")).ToList();
        var real = (await connection.QueryAsync<(long, string, long)>(
            "SELECT project_id, 'event', COUNT(*) FROM events GROUP BY project_id UNION ALL SELECT project_id, 'event:' || category, COUNT(*) FROM events GROUP BY project_id, category ORDER BY 1, 2")).ToList();
        Assert.Equal(real, cached);
    }

    [Fact]
    public async Task Counts_AfterIngestAndUpdates_EqualRealCounts()
    {
        var patches = new PatchStore(Database, TimeProvider.System);
        var timings = new QueryTimings();
        await patches.UpdateAsync(1, new PatchUpdate { StateId = 3 }, Data.MaintainerId, timings, CancellationToken.None);
        await patches.UpdateAsync(2, new PatchUpdate { StateId = 4, Archived = true }, Data.MaintainerId, timings, CancellationToken.None);
        await patches.UpdateAsync(2, new PatchUpdate { StateId = 3 }, Data.MaintainerId, timings, CancellationToken.None);
        await patches.UpdateAsync(20, new PatchUpdate { Archived = true }, null, timings, CancellationToken.None);

        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        var cached = (await connection.QueryAsync<(long, long, long, long)>(
            "SELECT project_id, state_id, archived, n FROM patch_counts WHERE n <> 0 ORDER BY 1, 2, 3")).ToList();
        var real = (await connection.QueryAsync<(long, long, long, long)>(
            "SELECT project_id, state_id, archived, COUNT(*) FROM patches GROUP BY project_id, state_id, archived ORDER BY 1, 2, 3")).ToList();
        Assert.Equal(real, cached);
        Assert.Contains(real, r => r.Item2 == 3 && r.Item4 == 1);
    }

    [Fact]
    public async Task Update_StateChange_WritesEventInSameTransaction()
    {
        var patches = new PatchStore(Database, TimeProvider.System);

        await patches.UpdateAsync(5, new PatchUpdate { StateId = 7 }, Data.MaintainerId, new QueryTimings(), CancellationToken.None);

        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        var e = await connection.QuerySingleAsync<(string, string, long)>(
            "SELECT previous_state, current_state, actor_id FROM events WHERE category = 'patch-state-changed' AND patch_id = 5");
        Assert.Equal(("new", "changes-requested", Data.MaintainerId), e);
    }

    [Fact]
    public async Task Ingest_SameMailsAgain_StoresNothingNew()
    {
        var again = await new MailImporter(Database, TimeProvider.System).ImportAsync("widgets", [ServerProcess.SampleMbox], TextWriter.Null, CancellationToken.None);

        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal((0, 0, 0), (again.Patches, again.Covers, again.Comments));
        Assert.Equal(31, again.Skipped);
        Assert.Equal(16L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM patches WHERE project_id = 1"));
        Assert.Equal(16L, await connection.ExecuteScalarAsync<long>("SELECT SUM(n) FROM patch_counts WHERE project_id = 1"));
    }

    [Fact]
    public async Task Ingest_SampleMbox_GroupsSeriesAndThreadsReplies()
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);

        Assert.Equal(new ImportSummary(16, 4, 10, 1, 6) { Mails = 31 }, Data.Imported);
        var series = (await connection.QueryAsync<(long, long, long)>(
            "SELECT total, received_total, CASE WHEN cover_id IS NULL THEN 0 ELSE 1 END FROM series WHERE project_id = 1 ORDER BY id")).ToList();
        Assert.Equal([(3L, 3L, 1L), (2L, 2L, 0L), (3L, 3L, 1L), (1L, 1L, 0L), (3L, 3L, 1L), (4L, 4L, 1L)], series);
        Assert.Equal(6L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM comments WHERE project_id = 1 AND patch_id IS NOT NULL"));
        Assert.Equal(4L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM comments WHERE project_id = 1 AND cover_id IS NOT NULL"));
    }

    [Fact]
    public async Task Plans_EveryListQuery_UsesCoveringIndexWithoutScanOrSort()
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await PreparePlannerAsync(connection);
        var failures = new List<string>();
        foreach (var (endpoint, query) in await ListQueryCatalog.BuildAsync(connection, Database.Dialect, CancellationToken.None))
        {
            var plan = await QueryAnalyzer.ExplainAsync(connection, Database.Dialect, query, CancellationToken.None);
            var index = QueryAnalyzer.IndexOf(plan);
            if (index is null || QueryAnalyzer.IsFullScan(Database.Dialect, plan) || QueryAnalyzer.Sorts(Database.Dialect, plan)
                || (Database.Dialect.IsSqlite && !plan.Any(l => l.Contains("COVERING INDEX", StringComparison.Ordinal) || l.Contains("PRIMARY KEY", StringComparison.Ordinal))))
            {
                failures.Add($"{endpoint}: {string.Join(" | ", plan)}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Analyze_EveryListEndpoint_ReportsQueryPlanAndTime()
    {
        var analyzed = await QueryAnalyzer.AnalyzeAsync(Database, 1, CancellationToken.None);

        Assert.Equal(16, analyzed.Count);
        Assert.All(analyzed, q =>
        {
            Assert.StartsWith("SELECT ", q.Sql, StringComparison.Ordinal);
            Assert.NotEmpty(q.Plan);
            Assert.True(q.Median > TimeSpan.Zero);
        });
        Assert.Contains(analyzed, q => q.Endpoint.StartsWith("/events/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plans_WithCountCache_ListTotalNeedsNoCount()
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        var query = await PatchQueries.BuildAsync(connection, Database.Dialect, new PatchFilter { Project = "widgets", States = ["new"], Archived = "false" }, 3, CancellationToken.None);

        Assert.NotNull(query.CachedTotal);
        Assert.Equal(16, await query.CachedTotal(connection, CancellationToken.None));
    }
}

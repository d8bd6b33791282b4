using Dapper;
using Npgsql;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Writing;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// <see cref="BulkLoad"/> on PostgreSQL: into an empty database it copies with the covering indexes
/// and foreign keys dropped and builds them at the end; the result must be the same schema and the
/// same counts as loading batch by batch, and a load that breaks a key must leave nothing behind.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBulkLoadTests(PostgresFixture postgres)
{
    private const string SchemaSql = """
        SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
        UNION ALL
        SELECT 'key ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) || ' valid=' || convalidated
        FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
        ORDER BY 1
        """;

    [Fact]
    public async Task IntoEmptyDatabase_DeferredBuild_SameSchemaAndCountsAsBatchByBatch()
    {
        using var deferred = await EmptyDatabaseAsync();
        using var plain = await EmptyDatabaseAsync();
        await FillAsync(plain);
        var schemaBefore = await QueryAsync(deferred, SchemaSql);

        await using (var load = await BulkLoad.BeginAsync(deferred, CancellationToken.None))
        {
            Assert.True(load.Deferred);
            await LoadAsync(load, 1, 0, 700);
            await LoadAsync(load, 2, 700, 300);
            await load.CompleteAsync(CancellationToken.None);
        }

        await using (var second = await BulkLoad.BeginAsync(plain, CancellationToken.None))
        {
            Assert.False(second.Deferred);
            await second.CompleteAsync(CancellationToken.None);
        }

        Assert.Equal(schemaBefore, await QueryAsync(deferred, SchemaSql));
        Assert.Equal(await QueryAsync(plain, SchemaSql), await QueryAsync(deferred, SchemaSql));
        foreach (var sql in new[]
        {
            "SELECT project_id || '/' || state_id || '/' || archived || '=' || n FROM patch_counts ORDER BY 1",
            "SELECT project_id || '/' || kind || '=' || n FROM row_counts ORDER BY 1",
            "SELECT id || ' ' || project_id || ' ' || msgid || ' ' || state_id FROM patches ORDER BY id",
            "SELECT patch_id || ' ' || category FROM events ORDER BY id",
        })
        {
            Assert.Equal(await QueryAsync(plain, sql), await QueryAsync(deferred, sql));
        }
    }

    [Fact]
    public async Task BreakingAKey_RollsBackRowsAndKeepsSchema()
    {
        using var database = await EmptyDatabaseAsync();
        var schemaBefore = await QueryAsync(database, SchemaSql);

        var failure = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var load = await BulkLoad.BeginAsync(database, CancellationToken.None);
            await using (var batch = await load.BatchAsync(1, CancellationToken.None))
            {
                var person = await batch.PersonAsync("Ada", "ada@example.org", CancellationToken.None);
                await batch.AddPatchesAsync([Patch(1, person), Patch(2, person + 1000)], 0, CancellationToken.None);
                await batch.CommitAsync(CancellationToken.None);
            }

            await load.CompleteAsync(CancellationToken.None);
        });

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, failure.SqlState);
        Assert.Equal(schemaBefore, await QueryAsync(database, SchemaSql));
        Assert.Equal(["0"], await QueryAsync(database, "SELECT COUNT(*)::text FROM patches"));
        Assert.Equal(["0"], await QueryAsync(database, "SELECT COUNT(*)::text FROM people"));
    }

    [Fact]
    public async Task BothWays_LeaveTheLoadedTablesAllVisible()
    {
        using var deferred = await EmptyDatabaseAsync();
        await using (var load = await BulkLoad.BeginAsync(deferred, CancellationToken.None))
        {
            await LoadAsync(load, 1, 0, 700);
            await load.CompleteAsync(CancellationToken.None);
        }

        // Into a database that holds patches: batch by batch, then the same VACUUM.
        await using (var more = await BulkLoad.BeginAsync(deferred, CancellationToken.None))
        {
            Assert.False(more.Deferred);
            await LoadAsync(more, 2, 700, 300);
            await more.CompleteAsync(CancellationToken.None);
        }

        // VACUUM marks every page all-visible in the visibility map (and records the number in
        // pg_class), so an index-only scan of the lists reads no table page. The test cluster runs
        // with synchronous_commit off, which VACUUM alone would not get past (TableMaintenance).
        var pages = await QueryAsync(deferred, "SELECT relpages || '/' || relallvisible FROM pg_class WHERE relname = 'patches'");
        var parts = pages.Single().Split('/');
        Assert.True(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(parts[0], parts[1]);
    }

    private async Task<Database> EmptyDatabaseAsync()
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        var database = Database.Open(await postgres.Cluster.CreateDatabaseAsync());
        await DatabaseSetup.MigrateWithProjectsAsync(database, ("widgets", "Widgets", "widgets.example.org"), ("gadgets", "Gadgets", "gadgets.example.org"));
        return database;
    }

    // The same rows as the test's bulk load, batch by batch with every index and key in place.
    private static async Task FillAsync(Database database)
    {
        await using (var batch = await WriteBatch.BeginAsync(database, 1, CancellationToken.None))
        {
            var person = await batch.PersonAsync("Ada", "ada@example.org", CancellationToken.None);
            await batch.AddPatchesAsync(Enumerable.Range(0, 700).Select(i => Patch(i, person)).ToList(), 0, CancellationToken.None);
            await batch.CommitAsync(CancellationToken.None);
        }

        await using (var batch = await WriteBatch.BeginAsync(database, 2, CancellationToken.None))
        {
            var person = await batch.PersonAsync("Ada", "ada@example.org", CancellationToken.None);
            await batch.AddPatchesAsync(Enumerable.Range(700, 300).Select(i => Patch(i, person)).ToList(), 0, CancellationToken.None);
            await batch.CommitAsync(CancellationToken.None);
        }
    }

    private static async Task LoadAsync(BulkLoad load, long projectId, int first, int count)
    {
        await using var batch = await load.BatchAsync(projectId, CancellationToken.None);
        var person = await batch.PersonAsync("Ada", "ada@example.org", CancellationToken.None);
        await batch.AddPatchesAsync(Enumerable.Range(first, count).Select(i => Patch(i, person)).ToList(), 0, CancellationToken.None);
        await batch.CommitAsync(CancellationToken.None);
    }

    private static NewPatch Patch(int number, long submitterId) => new()
    {
        Msgid = $"<{number}@example.org>",
        Date = 1_000_000L * number,
        Name = $"[PATCH] change {number}",
        SubmitterId = submitterId,
        StateId = 1 + (number % 3),
        Archived = number % 5 == 0,
        Hash = number.ToString("x40", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<List<string>> QueryAsync(Database database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        return (await connection.QueryAsync<string>(sql)).AsList();
    }
}

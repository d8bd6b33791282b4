using Dapper;
using PatchSync.Server.Data;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>
/// The repository tests on a real PostgreSQL (a throwaway cluster). Fails, saying why, when the
/// cluster cannot start: PostgreSQL is installed here and in CI, so its absence is an error.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDataLayerTests(PostgresFixture postgres) : DataLayerTests
{
    private protected override async Task<TestData> CreateAsync()
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        var database = Database.Open(await postgres.Cluster.CreateDatabaseAsync());
        return await TestData.CreateAsync(database);
    }

    // A few dozen rows fit in one page, where a sequential scan is always cheapest; the plan check is
    // whether the covering index can serve the query without a sort, so make scans unattractive.
    protected override async Task PreparePlannerAsync(System.Data.Common.DbConnection connection)
    {
        foreach (var statement in new[] { "SET enable_seqscan = off", "SET enable_bitmapscan = off", "SET enable_sort = off" })
        {
            await connection.ExecuteAsync(statement);
        }
    }
}

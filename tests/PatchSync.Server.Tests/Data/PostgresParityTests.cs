using PatchSync.Server.Data;
using PatchSync.Server.Tests.Api;
using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>The Patchwork parity tests on PostgreSQL (ILIKE, the one-statement PATCH, pooled connections).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresParityTests(PostgresFixture postgres) : PatchworkParityTests
{
    private protected override async Task<TestData> CreateDataAsync()
    {
        if (postgres.Cluster is null || postgres.Unavailable is not null)
        {
            throw new InvalidOperationException("PostgreSQL test cluster unavailable: " + postgres.Unavailable);
        }

        return await TestData.CreateAsync(Database.Open(await postgres.Cluster.CreateDatabaseAsync()));
    }
}

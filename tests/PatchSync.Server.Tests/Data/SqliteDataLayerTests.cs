using PatchSync.Server.Tests.Support;

namespace PatchSync.Server.Tests.Data;

/// <summary>The repository tests on a SQLite file.</summary>
public sealed class SqliteDataLayerTests : DataLayerTests
{
    private protected override Task<TestData> CreateAsync() => TestData.CreateSqliteAsync();
}

namespace PatchSync.Server.Tests.Support;

/// <summary>Test data plus a server over it; a fresh one per test class that writes, shared by read-only classes.</summary>
public sealed class ServerWithData : IAsyncLifetime
{
    private readonly Func<Task<TestData>> _create;

    /// <summary>On a fresh SQLite file.</summary>
    public ServerWithData()
        : this(() => TestData.CreateSqliteAsync())
    {
    }

    /// <summary>On the test data <paramref name="create"/> makes (a PostgreSQL database, say). Not public: xUnit builds class fixtures through their one public constructor.</summary>
    internal ServerWithData(Func<Task<TestData>> create) => _create = create;

    internal TestData Data { get; private set; } = null!;

    internal ApiServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Data = await _create();
        Server = await ApiServer.StartAsync(Data.Database);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Data.DisposeAsync();
    }
}

namespace PatchSync.Server.Tests.Support;

/// <summary>Test data plus a server over it; a fresh one per test class that writes, shared by read-only classes.</summary>
public sealed class ServerWithData : IAsyncLifetime
{
    public TestData Data { get; private set; } = null!;

    public ApiServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Data = await TestData.CreateSqliteAsync();
        Server = await ApiServer.StartAsync(Data.Database);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Data.DisposeAsync();
    }
}

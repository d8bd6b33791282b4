using PatchSync.Testing.Server;

namespace PatchSync.Server.Tests.Data;

/// <summary>One throwaway PostgreSQL cluster for all PostgreSQL tests of a run.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresCluster? Cluster { get; private set; }

    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            Cluster = await PostgresCluster.StartAsync();
            Unavailable = Cluster.Unavailable;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or OperationCanceledException)
        {
            // Reported by every PostgreSQL test as its failure reason.
            Unavailable = e.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

using PatchSync.Testing;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>A fact that reads ../shared/fixtures and is skipped, saying why, where that folder is absent.</summary>
public sealed class SharedFixtureFactAttribute : FactAttribute
{
    public SharedFixtureFactAttribute()
    {
        if (SharedFixtures.Path is null)
        {
            Skip = SharedFixtures.MissingMessage;
        }
    }
}

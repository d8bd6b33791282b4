using PatchSync.Testing;

namespace PatchSync.Server.Tests.Ingest;

/// <summary>A theory that reads ../shared/fixtures and is skipped, saying why, where that folder is absent.</summary>
public sealed class SharedFixtureTheoryAttribute : TheoryAttribute
{
    public SharedFixtureTheoryAttribute()
    {
        if (SharedFixtures.Path is null)
        {
            Skip = SharedFixtures.MissingMessage;
        }
    }
}

using PatchSync.Testing;

namespace PatchSync.Server.Tests.Support;

/// <summary>A theory comparing against ../shared/fixtures/patchwork-real, skipped (saying why) where absent.</summary>
public sealed class RealFixtureTheoryAttribute : TheoryAttribute
{
    public RealFixtureTheoryAttribute()
    {
        if (SharedFixtures.Path is null)
        {
            Skip = SharedFixtures.MissingMessage;
        }
    }
}

using PatchSync.Testing;

namespace PatchSync.Server.Tests.Support;

/// <summary>A fact comparing against ../shared/fixtures/patchwork-real, skipped (saying why) where absent.</summary>
public sealed class RealFixtureFactAttribute : FactAttribute
{
    public RealFixtureFactAttribute()
    {
        if (SharedFixtures.Path is null)
        {
            Skip = SharedFixtures.MissingMessage;
        }
    }
}

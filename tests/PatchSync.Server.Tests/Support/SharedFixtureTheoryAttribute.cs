using PatchSync.Testing;

namespace PatchSync.Server.Tests.Support;

/// <summary>
/// A theory that reads ../shared/fixtures (Patchwork's test mails or the real server's captured
/// responses) and is skipped, saying why, where that folder is absent.
/// </summary>
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

namespace PatchSync.Tracker.Tests.Fakes;

/// <summary>This project's own fixtures (written after the shapes captured from a real Patchwork).</summary>
public static class OwnFixtures
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}

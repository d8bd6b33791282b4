namespace PatchSync.Core.Ports;

/// <summary>Where one project's state lives: the tracker (its URL), the project's link name, and the mail store's name.</summary>
/// <param name="Tracker">The tracker's base URL without a trailing slash.</param>
/// <param name="Project">The project's link name.</param>
/// <param name="Store">The mail store's name (message tags are kept per store, shared by its projects).</param>
public sealed record StateScope(string Tracker, string Project, string Store)
{
    /// <summary>Tracker and project, for messages.</summary>
    public override string ToString() => $"{Tracker} {Project}";
}

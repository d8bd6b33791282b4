namespace PatchSync.Sync.Persistence;

/// <summary>Where one project's state lives: the tracker (its URL), the project's link name, and the mail store's name.</summary>
public sealed record StateScope(string Tracker, string Project, string Store)
{
    public override string ToString() => $"{Tracker} {Project}";
}

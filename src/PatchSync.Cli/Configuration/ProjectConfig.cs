namespace PatchSync.Cli.Configuration;

/// <summary>A <c>[projects.NAME]</c> table: one tracker project kept in step with one mail store.</summary>
/// <param name="Name">The table name (what <c>--project</c> selects).</param>
/// <param name="LinkName">The project's link name on the tracker (defaults to <paramref name="Name"/>).</param>
/// <param name="Tracker">The name of a <c>[trackers.*]</c> table.</param>
/// <param name="Store">The name of a <c>[stores.*]</c> table.</param>
/// <param name="Epoch">Patches submitted before this date are not synced; null means <c>--epoch</c> is required on the first run.</param>
public sealed record ProjectConfig(string Name, string LinkName, string Tracker, string Store, DateTimeOffset? Epoch);

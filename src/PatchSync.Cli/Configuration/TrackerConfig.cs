using PatchSync.Core.Secrets;

namespace PatchSync.Cli.Configuration;

/// <summary>A <c>[trackers.NAME]</c> table: one Patchwork (or pwsync-server) instance.</summary>
/// <param name="Name">The table name, used by projects to refer to it.</param>
/// <param name="Url">The instance's base URL (the API root is found under it).</param>
/// <param name="Token">Where the API token comes from; null for read-only use without a token.</param>
/// <param name="Timeout">Per-request timeout.</param>
public sealed record TrackerConfig(string Name, Uri Url, SecretSource? Token, TimeSpan Timeout);

namespace PatchSync.Cli.Configuration;

/// <summary>The <c>[tags]</c> table: how patch states are written as mail tags.</summary>
/// <param name="Prefix">Every pwsync tag starts with this (default <c>pw-</c>); other tags are never touched.</param>
/// <param name="States">Per-state overrides, state slug -> tag (each must start with the prefix).</param>
/// <param name="Archived">The tag for archived patches (default prefix + <c>archived</c>).</param>
/// <param name="Extra">Whether to set the read-only extra tags (delegate, checks, series complete).</param>
public sealed record TagConfig(string Prefix, IReadOnlyDictionary<string, string> States, string Archived, bool Extra);

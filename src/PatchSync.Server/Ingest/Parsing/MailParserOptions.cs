namespace PatchSync.Server.Ingest;

/// <summary>Settings for <see cref="MailParser"/>.</summary>
public sealed record MailParserOptions
{
    /// <summary>
    /// Subject prefixes dropped besides "PATCH", compared case-insensitively. Patchwork drops the
    /// project's link name (so "[testproj PATCH]" names as plain), so pass it here.
    /// </summary>
    public IReadOnlyList<string> DropPrefixes { get; init; } = [];

    /// <summary>Clock for mails without a usable Date header.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

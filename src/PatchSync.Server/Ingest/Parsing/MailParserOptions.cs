namespace PatchSync.Server.Ingest;

/// <summary>Settings for <see cref="MailParser"/>.</summary>
internal sealed record MailParserOptions
{
    /// <summary>
    /// Subject prefixes dropped besides "PATCH", compared case-insensitively. Patchwork drops the
    /// project's link name (so "[testproj PATCH]" names as plain), so pass it here.
    /// </summary>
    public IReadOnlyList<string> DropPrefixes { get; init; } = [];

    /// <summary>
    /// The list's own address (the project's list e-mail), or null. A list that rewrites From to
    /// itself for DMARC ("Alice via list &lt;list@...&gt;") hides the sender; for such mails the
    /// sender is taken from X-Original-From, or from a Reply-To/Cc entry with the same name, as
    /// Patchwork does.
    /// </summary>
    public string? ListEmail { get; init; }

    /// <summary>Clock for mails without a usable Date header.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

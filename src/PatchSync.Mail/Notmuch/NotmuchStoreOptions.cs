using PatchSync.Core.Tags;

namespace PatchSync.Mail.Notmuch;

/// <summary>Settings of a <see cref="NotmuchMailStore"/> (config section <c>[mail.notmuch]</c>).</summary>
public sealed class NotmuchStoreOptions
{
    /// <summary>
    /// The notmuch config file, passed as <c>--config=PATH</c>. Null: notmuch's own lookup
    /// (<c>NOTMUCH_CONFIG</c>, then <c>~/.notmuch-config</c>).
    /// </summary>
    public string? ConfigPath { get; set; }

    /// <summary>The notmuch program. Default <c>notmuch</c> (found on PATH).</summary>
    public string Executable { get; set; } = "notmuch";

    /// <summary>Only tags with this prefix are read or written. Default <c>pw-</c>.</summary>
    public string TagPrefix { get; set; } = TagMapping.DefaultPrefix;

    /// <summary>
    /// How many Message-IDs one existence query names (<c>id:"a" or id:"b" ...</c>). Bounded by
    /// the 128 KiB limit on one command-line argument. Default 1000.
    /// </summary>
    public int QueryBatchSize { get; set; } = 1000;

    /// <summary>
    /// How many Message-IDs one <c>notmuch tag --batch</c> line names when messages need the same tag
    /// operations (<c>+pw-new -- id:"a" or id:"b" ...</c>; lines also stay below 64 KiB). Default 1000.
    /// </summary>
    public int TagLineIds { get; set; } = 1000;
}

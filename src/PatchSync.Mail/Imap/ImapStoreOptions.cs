using PatchSync.Core.Secrets;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>Settings of an <see cref="ImapMailStore"/> (config section <c>[mail.imap]</c>).</summary>
public sealed class ImapStoreOptions
{
    /// <summary>Server host name. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Server port; 0 means the default for <see cref="Security"/> (993 for TLS, 143 otherwise).</summary>
    public int Port { get; set; }

    /// <summary>Connection security. Default <see cref="ImapSecurity.Tls"/>.</summary>
    public ImapSecurity Security { get; set; } = ImapSecurity.Tls;

    /// <summary>Login name. Required.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>Where the password comes from (command, file or environment variable). Required.</summary>
    public SecretSource? Password { get; set; }

    /// <summary>
    /// Folders to index: exact names (<c>INBOX</c>, <c>lists/linux-kernel</c>) or patterns where <c>*</c>
    /// matches anything and <c>%</c> anything but the hierarchy delimiter (<c>lists/*</c>). Default INBOX.
    /// </summary>
    public IList<string> Folders { get; set; } = ["INBOX"];

    /// <summary>Only keywords with this prefix are read or written. Default <c>pw-</c>.</summary>
    public string TagPrefix { get; set; } = TagMapping.DefaultPrefix;

    /// <summary>UIDs per FETCH when indexing a whole folder. Default 10000.</summary>
    public int FetchBatchSize { get; set; } = 10_000;

    /// <summary>UIDs per UID STORE. Default 5000.</summary>
    public int StoreBatchSize { get; set; } = 5_000;

    /// <summary>Network timeout of one command. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Use Gmail labels instead of keywords where the server offers <c>X-GM-EXT-1</c>: null (default) = yes
    /// when offered, false = always keywords.
    /// </summary>
    public bool? UseGmailLabels { get; set; }

    /// <summary>Test seam: behave as if the server had no CONDSTORE (flags-scan incremental reads, unconditional writes).</summary>
    internal bool IgnoreCondStore { get; set; }

    /// <summary>Test seam: the watcher behaves as if the server had no IDLE (polls with NOOP).</summary>
    internal bool IgnoreIdle { get; set; }

    /// <summary>The port actually used.</summary>
    public int EffectivePort => Port != 0 ? Port : Security == ImapSecurity.Tls ? 993 : 143;
}

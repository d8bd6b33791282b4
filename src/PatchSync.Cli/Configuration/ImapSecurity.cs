namespace PatchSync.Cli.Configuration;

/// <summary>How an IMAP connection is secured (<c>security = "tls" | "starttls" | "insecure"</c>).</summary>
public enum ImapSecurity
{
    /// <summary>Implicit TLS (port 993), certificate validated. The default.</summary>
    Tls,

    /// <summary>Plain connection upgraded with STARTTLS, certificate validated.</summary>
    StartTls,

    /// <summary>No TLS at all. Only for loopback test servers.</summary>
    Insecure,
}

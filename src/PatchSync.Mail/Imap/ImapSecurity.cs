namespace PatchSync.Mail.Imap;

/// <summary>How the IMAP connection is protected (config: <c>security = "tls" | "starttls" | "insecure"</c>). Certificates are always validated.</summary>
public enum ImapSecurity
{
    /// <summary>Implicit TLS from the first byte (port 993). The default.</summary>
    Tls,

    /// <summary>Plain connect, then STARTTLS, which must succeed (port 143).</summary>
    StartTls,

    /// <summary>No encryption at all. Only allowed for a loopback host: meant for tests against a local server.</summary>
    Insecure,
}

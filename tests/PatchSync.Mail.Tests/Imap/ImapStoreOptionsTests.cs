using PatchSync.Core.Secrets;
using PatchSync.Mail.Imap;

namespace PatchSync.Mail.Tests.Imap;

public sealed class ImapStoreOptionsTests
{
    [Fact]
    public void Constructor_InsecureToARemoteHost_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImapMailStore(Options(o =>
        {
            o.Host = "mail.example.org";
            o.Security = ImapSecurity.Insecure;
        })));

        Assert.Contains("only allowed for a loopback host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoPasswordSource_IsRefused() =>
        Assert.Contains("no password source", Assert.Throws<ArgumentException>(() => new ImapMailStore(Options(o => o.Password = null))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(ImapSecurity.Tls, 0, "imap://maint@mail.example.org:993")]
    [InlineData(ImapSecurity.StartTls, 0, "imap://maint@mail.example.org:143")]
    [InlineData(ImapSecurity.Tls, 1993, "imap://maint@mail.example.org:1993")]
    public void Name_DefaultPorts_FollowSecurity(ImapSecurity security, int port, string expected) =>
        Assert.Equal(expected, new ImapMailStore(Options(o =>
        {
            o.Security = security;
            o.Port = port;
        })).Name);

    private static ImapStoreOptions Options(Action<ImapStoreOptions> configure)
    {
        var options = new ImapStoreOptions { Host = "mail.example.org", User = "maint", Password = new SecretSource(SecretSourceKind.Environment, "X") };
        configure(options);
        return options;
    }
}

using PatchSync.Core.Ports;
using PatchSync.Core.Secrets;
using PatchSync.Mail.Imap;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>The PERMANENTFLAGS check end to end, against <see cref="FakeImapServer"/> (Dovecot always allows <c>\*</c>).</summary>
public sealed class ImapPermanentFlagsTests
{
    [Fact]
    public async Task ApplyAsync_FolderWithoutBackslashStar_ThrowsNamingFolderAndServerAndStoresNothing()
    {
        await using var server = new FakeImapServer("\\Seen \\Deleted");
        await using var store = CreateStore(server.Port);
        var snapshot = await store.ReadAsync(null);

        var error = await Assert.ThrowsAsync<MailStoreException>(() => store.ApplyAsync(
            [new TagChange("fake@example.invalid", new HashSet<string>(["pw-new"]), new HashSet<string>())]));

        Assert.Equal(["fake@example.invalid"], snapshot.Messages.Keys);
        Assert.Equal(
            $"imap://maint@127.0.0.1:{server.Port}: folder 'INBOX' does not accept custom keywords (PERMANENTFLAGS lacks \\*), cannot set pw-new",
            error.Message);
        Assert.Contains(server.Commands, c => c.Contains(" SELECT INBOX", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Commands, c => c.Contains(" UID STORE ", StringComparison.OrdinalIgnoreCase));
    }

    private static ImapMailStore CreateStore(int port)
    {
        Environment.SetEnvironmentVariable("PWSYNC_TEST_FAKE_IMAP_PASSWORD", "secret");
        return new ImapMailStore(new ImapStoreOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = ImapSecurity.Insecure,
            User = "maint",
            Password = new SecretSource(SecretSourceKind.Environment, "PWSYNC_TEST_FAKE_IMAP_PASSWORD"),
            Timeout = TimeSpan.FromSeconds(20),
        });
    }
}

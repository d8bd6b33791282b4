using PatchSync.Core.Ports;
using PatchSync.Testing.MailStores;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>Writes against a real Dovecot: keyword round trips, conditional stores, failures.</summary>
public sealed class ImapMailStoreApplyTests : IAsyncLifetime
{
    private DovecotServer _server = null!;

    public async Task InitializeAsync() => _server = await DovecotServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApplyAsync_AddAndRemove_RoundTripsOnEveryCopyAndLeavesOtherKeywords()
    {
        await _server.SaveAsync("INBOX", TestMail.Create("p1@example.invalid"));
        await _server.SaveAsync("lists/dev", TestMail.Create("p1@example.invalid"));
        await _server.FlagsAsync("add", "INBOX", "uid 1", "pw-new", "important", "\\Seen");
        await using var store = ImapTestStore.Create(_server, null, "INBOX", "lists/*");
        await store.ReadAsync(null);

        var result = await store.ApplyAsync([Change("p1@example.invalid", add: ["pw-accepted"], remove: ["pw-new"])]);

        Assert.Equal(["p1@example.invalid"], result.Applied);
        Assert.Empty(result.Conflicts);
        Assert.Equal(["\\Seen", "important", "pw-accepted"], (await ImapTestStore.FlagsOfAsync(_server, "INBOX", 1)).Order(StringComparer.Ordinal));
        Assert.Equal(["pw-accepted"], await ImapTestStore.FlagsOfAsync(_server, "lists/dev", 1));

        var reread = await store.ReadAsync(null);
        Assert.Equal(["pw-accepted"], reread.Messages["p1@example.invalid"].Tags);
        Assert.False(reread.Messages["p1@example.invalid"].CopiesDisagree);
    }

    [Fact]
    public async Task ApplyAsync_ManyMessages_GroupsStoresByKeyword()
    {
        for (var i = 0; i < 30; i++)
        {
            await _server.SaveAsync("INBOX", TestMail.Create($"m{i}@example.invalid", number: i));
        }

        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);
        var before = store.Timings.Counter("imap.roundtrips");

        var changes = Enumerable.Range(0, 30).Select(i => Change($"m{i}@example.invalid", add: [i % 2 == 0 ? "pw-new" : "pw-accepted"], remove: [])).ToList();
        var result = await store.ApplyAsync(changes);

        Assert.Equal(30, result.Applied.Count);
        // No SELECT (the read left the folder selected read-write), one STORE per distinct keyword set (not
        // one per message), then the own-writes check for the checkpoint: one FETCH CHANGEDSINCE and one NOOP.
        Assert.Equal(4, store.Timings.Counter("imap.roundtrips") - before);
        Assert.NotNull(result.Checkpoint);
        Assert.Equal(15, (await store.ReadAsync(null)).Messages.Values.Count(m => m.Tags.Contains("pw-new")));
    }

    [Fact]
    public async Task ApplyAsync_AnotherClientChangedTheMessageSinceTheRead_ReturnsConflictAndKeepsTheirChange()
    {
        await _server.SaveAsync("INBOX", TestMail.Create("c1@example.invalid"));
        await _server.SaveAsync("INBOX", TestMail.Create("c2@example.invalid"));
        await _server.FlagsAsync("add", "INBOX", "all", "pw-new");
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);

        await _server.FlagsAsync("replace", "INBOX", "uid 1", "pw-rejected");
        var result = await store.ApplyAsync(
            [Change("c1@example.invalid", add: ["pw-accepted"], remove: ["pw-new"]), Change("c2@example.invalid", add: ["pw-accepted"], remove: ["pw-new"])]);

        Assert.Equal(["c1@example.invalid"], result.Conflicts);
        Assert.Equal(["c2@example.invalid"], result.Applied);
        Assert.Equal(["pw-rejected"], await ImapTestStore.FlagsOfAsync(_server, "INBOX", 1));
        Assert.Equal(["pw-accepted"], await ImapTestStore.FlagsOfAsync(_server, "INBOX", 2));
    }

    [Fact]
    public async Task ApplyAsync_TwiceAfterOneRead_SecondApplyDoesNotConflictWithTheFirst()
    {
        await _server.SaveAsync("INBOX", TestMail.Create("t@example.invalid"));
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);

        await store.ApplyAsync([Change("t@example.invalid", add: ["pw-new"], remove: [])]);
        var second = await store.ApplyAsync([Change("t@example.invalid", add: ["pw-under-review"], remove: ["pw-new"])]);

        Assert.Equal(["t@example.invalid"], second.Applied);
        Assert.Equal(["pw-under-review"], await ImapTestStore.FlagsOfAsync(_server, "INBOX", 1));
    }

    [Fact]
    public async Task ApplyAsync_UnknownMessageId_ReportsNotFound()
    {
        await _server.SaveAsync("INBOX", TestMail.Create("known@example.invalid"));
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);

        var result = await store.ApplyAsync([Change("unknown@example.invalid", add: ["pw-new"], remove: [])]);

        Assert.Equal(["unknown@example.invalid"], result.NotFound);
        Assert.Empty(result.Applied);
    }

    [Fact]
    public async Task ApplyAsync_TagWithoutPrefixOrInvalidKeyword_ThrowsBeforeWriting()
    {
        await using var store = ImapTestStore.Create(_server);

        var foreign = await Assert.ThrowsAsync<ArgumentException>(() => store.ApplyAsync([Change("x@y", add: ["important"], remove: [])]));
        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => store.ApplyAsync([Change("x@y", add: ["pw-bad(tag"], remove: [])]));

        Assert.Contains("prefix 'pw-'", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("not an IMAP atom character", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WrongPassword_ThrowsOneLineLoginErrorWithoutThePassword()
    {
        var variable = "PWSYNC_TEST_WRONG_PASSWORD";
        Environment.SetEnvironmentVariable(variable, "not-the-secret-42");
        await using var store = ImapTestStore.Create(_server, o => o.Password = new PatchSync.Core.Secrets.SecretSource(PatchSync.Core.Secrets.SecretSourceKind.Environment, variable));

        var error = await Assert.ThrowsAsync<MailStoreException>(() => store.ReadAsync(null));

        Assert.StartsWith($"imap://maint@127.0.0.1:{_server.Port}: login failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret-42", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ReadAsync_ServerGone_ThrowsClearErrorAndTheOldCheckpointStillWorksAfterRestart()
    {
        await _server.SaveAsync("INBOX", TestMail.Create("s@example.invalid"));
        await using var store = ImapTestStore.Create(_server);
        var first = await store.ReadAsync(null);

        _server.Kill();
        var readError = await Assert.ThrowsAsync<MailStoreException>(() => store.ReadAsync(first.Checkpoint));
        var applyError = await Assert.ThrowsAsync<MailStoreException>(() => store.ApplyAsync([Change("s@example.invalid", add: ["pw-new"], remove: [])]));

        Assert.Contains(store.Name, readError.Message, StringComparison.Ordinal);
        Assert.Contains(store.Name, applyError.Message, StringComparison.Ordinal);
        await _server.RestartAsync();
        await _server.FlagsAsync("add", "INBOX", "uid 1", "pw-changed-while-down");
        var delta = await store.ReadAsync(first.Checkpoint);
        Assert.Equal(["pw-changed-while-down"], delta.Messages["s@example.invalid"].Tags);
    }

    [Fact]
    public async Task ApplyAsync_ServerStoppedBetweenReadAndApply_ThrowsConnectionError()
    {
        await _server.SaveAsync("INBOX", TestMail.Create("g@example.invalid"));
        await using var store = ImapTestStore.Create(_server);
        await store.ReadAsync(null);

        _server.Kill();
        var error = await Assert.ThrowsAsync<MailStoreException>(() => store.ApplyAsync([Change("g@example.invalid", add: ["pw-new"], remove: [])]));

        Assert.StartsWith(store.Name, error.Message, StringComparison.Ordinal);
    }

    private static TagChange Change(string id, string[] add, string[] remove) =>
        new(id, add.ToHashSet(StringComparer.Ordinal), remove.ToHashSet(StringComparer.Ordinal));
}

using PatchSync.Core.Ports;
using PatchSync.Core.Tags;
using PatchSync.Mail.Imap;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

public sealed class ImapCheckpointTests
{
    [Fact]
    public void Create_ThenTryParse_RoundTripsFoldersAndUidMap()
    {
        var folder = new FolderState { UidValidity = 7, HighestModSeq = 42, UidNext = 4 };
        folder.Set(1, new CopyState("a@x", ["pw-new"]));
        folder.Set(3, new CopyState(string.Empty, []));
        var checkpoint = ImapCheckpoint.Create(new Dictionary<string, FolderState> { ["lists/dev"] = folder });

        var parsed = ImapCheckpoint.TryParse(checkpoint, new TagSetInterner())!["lists/dev"];

        Assert.Equal((7u, 42ul, 4u), (parsed.UidValidity, parsed.HighestModSeq, parsed.UidNext));
        Assert.True(parsed.Get(1)!.SameAs(folder.Get(1)!));
        Assert.True(parsed.Get(3)!.SameAs(folder.Get(3)!));
    }

    [Theory]
    [InlineData("notmuch", "{}")]
    [InlineData("imap", "not json")]
    [InlineData("imap", "{\"v\":99,\"folders\":{}}")]
    [InlineData("imap", "{\"v\":1,\"folders\":{\"INBOX\":{\"messages\":[\"x y\"]}}}")]
    public void TryParse_ForeignOrBrokenCheckpoint_IsNull(string kind, string value) =>
        Assert.Null(ImapCheckpoint.TryParse(new MailCheckpoint(kind, value), new TagSetInterner()));

    [Fact]
    public void NormalizeMessageId_FoldedId_RemovesWhitespace() =>
        Assert.Equal("abc@x.y", ImapCheckpoint.NormalizeMessageId("abc@\r\n x.y"));
}

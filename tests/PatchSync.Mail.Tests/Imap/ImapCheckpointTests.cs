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
    public void TryParse_Version1TextAsEarlierBuildsWroteIt_LoadsEveryEntry()
    {
        // Hand-written v1: unsorted map order, a UID listed twice (the last line counts), unknown properties,
        // tags in any order, an entry without a Message-ID, and a folder with a null map.
        const string Text = """
            {"v":1,"folders":{"INBOX":{"uidvalidity":7,"highestmodseq":42,"uidnext":9,"extra":[1,{"a":2}],
            "messages":["5 e@x pw-b pw-a","2 b@x","3 ","5 e@x pw-c","8 h+x@y&z pw-new"]},
            "lists/dev":{"uidvalidity":3,"highestmodseq":1,"uidnext":1,"messages":null}}}
            """;
        var tags = new TagSetInterner();

        var folders = ImapCheckpoint.TryParse(new MailCheckpoint("imap", Text), tags)!;

        var inbox = folders["INBOX"];
        Assert.Equal((7u, 42ul, 9u, 4), (inbox.UidValidity, inbox.HighestModSeq, inbox.UidNext, inbox.MessageCount));
        Assert.Equal(["pw-c"], inbox.Get(5)!.Tags);
        Assert.Equal(string.Empty, inbox.Get(3)!.MessageId);
        Assert.Same(tags.InternArray(["pw-new"]), inbox.Get(8)!.Tags);
        Assert.Equal([2u, 3u, 5u, 8u], inbox.Uids.Order());
        Assert.Equal(0, folders["lists/dev"].MessageCount);
    }

    [Fact]
    public void Create_AfterADelta_CopiesEscapedAndNonAsciiLinesAsTheyWere()
    {
        // JSON escapes (a quote, a backslash, \u escapes) and UTF-8 in Message-IDs and tags.
        const string Text = """
            {"v":1,"folders":{"INBOX":{"uidvalidity":1,"highestmodseq":2,"uidnext":20,
            "messages":["1 q\"uote@x pw-new","2 back\\slash@x","3 caf\u00e9@x pw-\u00fc","4 café@x pw-ü","5 plain@x pw-new"]}}}
            """;
        var tags = new TagSetInterner();
        var state = ImapCheckpoint.TryParse(new MailCheckpoint("imap", Text), tags)!["INBOX"].Clone();
        state.Set(5, new CopyState("plain@x", tags.InternArray(["pw-accepted"])));

        var written = ImapCheckpoint.Create(new Dictionary<string, FolderState> { ["INBOX"] = state });
        var reparsed = ImapCheckpoint.TryParse(new MailCheckpoint("imap", written.Value), tags)!["INBOX"];

        Assert.Equal(
            ["1 q\"uote@x pw-new", "2 back\\slash@x ", "3 café@x pw-ü", "4 café@x pw-ü", "5 plain@x pw-accepted"],
            Entries(reparsed));
        var wanted = new HashSet<string>(["q\"uote@x", "café@x"], StringComparer.Ordinal);
        Assert.Equal([1u, 3u, 4u], reparsed.CopiesOf(wanted).Select(c => c.Uid).Order());
    }

    [Theory]
    [InlineData("{\"v\":1,\"folders\":{\"INBOX\":{\"messages\":[\"1 a@x\",\"2\"]}}}")]
    [InlineData("{\"v\":1,\"folders\":{\"INBOX\":{\"messages\":[\"1 a@x\",\"x y\"]}}}")]
    [InlineData("{\"v\":1,\"folders\":{\"INBOX\":{\"messages\":[\"1 a@x\",7]}}}")]
    [InlineData("{\"v\":1,\"folders\":{\"INBOX\":{\"messages\":[\"1 a@x\"")]
    [InlineData("{\"folders\":{}}")]
    public void TryParse_BrokenEntryAnywhereInTheMap_IsNull(string value) =>
        Assert.Null(ImapCheckpoint.TryParse(new MailCheckpoint("imap", value), new TagSetInterner()));

    [Fact]
    public void Create_FromAChangedCloneOfAParsedState_HoldsTheSameEntriesAsADecodedMap()
    {
        var tags = new TagSetInterner();
        var decoded = new FolderState { UidValidity = 1, HighestModSeq = 10, UidNext = 200 };
        for (uint uid = 1; uid < 200; uid++)
        {
            decoded.Set(uid, new CopyState($"m{uid % 150}@x", tags.InternArray(uid % 3 == 0 ? ["pw-new"] : ["pw-a", "pw-b"])));
        }

        var parsed = Parse(ImapCheckpoint.Create(new Dictionary<string, FolderState> { ["INBOX"] = decoded }), tags);
        var changed = parsed.Clone();
        foreach (var state in new[] { decoded, changed })
        {
            state.Set(7, new CopyState("m7@x", tags.InternArray(["pw-accepted"])));
            state.Set(250, new CopyState("new@x", tags.InternArray([])));
            Assert.True(state.Remove(9));
            Assert.False(state.Remove(9));
            state.Set(9, new CopyState("back@x", tags.InternArray(["pw-new"])));
            Assert.True(state.Remove(11));
            state.Set(12, new CopyState("m12@x", tags.InternArray(["pw-new"])));
        }

        var reparsed = Parse(ImapCheckpoint.Create(new Dictionary<string, FolderState> { ["INBOX"] = changed }), tags);

        Assert.Equal(199, parsed.MessageCount); // the clone's changes left the state it was made from alone
        Assert.Equal(Entries(decoded), Entries(changed));
        Assert.Equal(Entries(decoded), Entries(reparsed));
        Assert.Equal(decoded.MessageCount, reparsed.MessageCount);
        var wanted = new HashSet<string>(["m7@x", "m9@x", "back@x", "m12@x", "m60@x"], StringComparer.Ordinal);
        Assert.Equal(
            decoded.Copies.Where(c => wanted.Contains(c.Copy.MessageId)).Select(Entry).Order(StringComparer.Ordinal),
            reparsed.CopiesOf(wanted).Select(Entry).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NormalizeMessageId_FoldedId_RemovesWhitespace() =>
        Assert.Equal("abc@x.y", ImapCheckpoint.NormalizeMessageId("abc@\r\n x.y"));

    private static FolderState Parse(MailCheckpoint checkpoint, TagSetInterner tags) =>
        ImapCheckpoint.TryParse(new MailCheckpoint(checkpoint.Kind, checkpoint.Value), tags)!["INBOX"];

    private static List<string> Entries(FolderState state) => [.. state.Copies.Select(Entry).Order(StringComparer.Ordinal)];

    private static string Entry((uint Uid, CopyState Copy) c) => $"{c.Uid} {c.Copy.MessageId} {string.Join(',', c.Copy.Tags)}";
}

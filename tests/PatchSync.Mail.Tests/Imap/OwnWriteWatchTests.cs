using MailKit;
using PatchSync.Core.Tags;
using PatchSync.Mail.Imap;
using Xunit;

namespace PatchSync.Mail.Tests.Imap;

/// <summary>
/// The watch that tells our own STORE answers from anyone else's, fed the events MailKit raises. (A real
/// server cannot be made to interleave another client's change with our STORE on cue.)
/// </summary>
public sealed class OwnWriteWatchTests
{
    private readonly Dictionary<uint, ulong> _own = [];
    private readonly OwnWriteWatch _watch;

    public OwnWriteWatchTests() => _watch = new OwnWriteWatch(_own, new OwnedTags("pw-"));

    [Fact]
    public void EndStore_EveryStoredUidReportedOnceAsMeant_RecordsTheirModSeqsAsOurs()
    {
        _watch.BeginStore(new Dictionary<uint, string[]> { [1] = ["pw-accepted"], [2] = ["pw-accepted"] });
        Flags(1, 40, "pw-accepted", "$Important");
        _watch.OnModSeqChanged(null, new ModSeqChangedEventArgs(0, new UniqueId(1), 40)); // same answer, second event
        Flags(2, 41, "pw-accepted", "todo");
        _watch.EndStore([]);

        Assert.Null(_watch.Foreign);
        Assert.Equal(new Dictionary<uint, ulong> { [1] = 40, [2] = 41 }, _own);
        Assert.Equal(_own, _watch.Written);
    }

    [Fact]
    public void OnFlagsChanged_UidNotBeingStored_IsForeign()
    {
        _watch.BeginStore(new Dictionary<uint, string[]> { [1] = ["pw-accepted"] });
        Flags(1, 40, "pw-accepted");
        Flags(7, 39, "pw-rejected");
        _watch.EndStore([]);

        Assert.Contains("UID 7", _watch.Foreign, StringComparison.Ordinal);
        Assert.Equal(40UL, _own[1]);
    }

    [Fact]
    public void EndStore_TwoModSeqsForOneUid_IsForeignAndNotRecorded()
    {
        _watch.BeginStore(new Dictionary<uint, string[]> { [1] = ["pw-accepted"] });
        Flags(1, 40, "pw-accepted");
        Flags(1, 42, "pw-accepted");
        _watch.EndStore([]);

        Assert.Contains("two modseqs", _watch.Foreign, StringComparison.Ordinal);
        Assert.Empty(_own);
    }

    [Fact]
    public void EndStore_OtherOwnedKeywordsThanStored_IsForeignAndNotRecorded()
    {
        _watch.BeginStore(new Dictionary<uint, string[]> { [1] = ["pw-accepted"] });
        Flags(1, 40, "pw-accepted", "pw-archived");
        _watch.EndStore([]);

        Assert.Contains("other owned keywords", _watch.Foreign, StringComparison.Ordinal);
        Assert.Empty(_own);
    }

    [Fact]
    public void EndStore_StoredUidNeverReported_IsForeign()
    {
        _watch.BeginStore(new Dictionary<uint, string[]> { [1] = ["pw-accepted"], [2] = ["pw-accepted"] });
        Flags(1, 40, "pw-accepted");
        _watch.EndStore([]);

        Assert.Contains("UID 2", _watch.Foreign, StringComparison.Ordinal);
        Assert.Equal([1u], _own.Keys);
    }

    [Fact]
    public void EndStore_RefusedUid_IsNotRecorded()
    {
        _watch.BeginStore(new Dictionary<uint, string[]> { [1] = ["pw-accepted"], [2] = ["pw-accepted"] });
        Flags(1, 40, "pw-accepted");
        _watch.EndStore([2]);

        Assert.Null(_watch.Foreign);
        Assert.Equal([1u], _own.Keys);
    }

    [Fact]
    public void Verify_OnlyOurOwnAnswersAtTheirModSeqs_AreAccepted()
    {
        _watch.BeginStore(new Dictionary<uint, string[]> { [1] = ["pw-accepted"] });
        Flags(1, 40, "pw-accepted");
        _watch.EndStore([]);
        _watch.BeginVerify();

        _watch.OnModSeqChanged(null, new ModSeqChangedEventArgs(0, new UniqueId(1), 40));
        Assert.Null(_watch.Foreign);
        _watch.OnModSeqChanged(null, new ModSeqChangedEventArgs(0, new UniqueId(1), 45));
        Assert.Contains("UID 1", _watch.Foreign, StringComparison.Ordinal);
    }

    [Fact]
    public void OnCountChangedOrExpunged_IsForeign()
    {
        var expunge = new OwnWriteWatch([], null);
        _watch.OnCountChanged(null, EventArgs.Empty);
        expunge.OnExpunged(null, new MessageEventArgs(0));

        Assert.NotNull(_watch.Foreign);
        Assert.NotNull(expunge.Foreign);
    }

    private void Flags(uint uid, ulong modSeq, params string[] keywords) =>
        _watch.OnFlagsChanged(null, new MessageFlagsChangedEventArgs(0, new UniqueId(uid), MessageFlags.None, new HashSet<string>(keywords), modSeq));
}

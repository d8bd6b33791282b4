using MailKit;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>
/// Watches the untagged FETCH responses of one folder while this store writes to it, to tell its own
/// writes from anyone else's. During a <c>UID STORE</c> (not silent: the server answers each stored UID with
/// its flags and, under CONDSTORE, its new MODSEQ) each stored UID must be reported exactly once, with one
/// MODSEQ and exactly the owned keywords the store meant; then that MODSEQ is ours (the conflict baseline
/// of a later write, and what <see cref="ImapMailStore"/> checks the folder against before it moves a
/// checkpoint past the write). Anything else seen while selected (a UID we did not store, a second
/// MODSEQ, other keywords, EXISTS or EXPUNGE) is another client's doing: the watch then says why in
/// <see cref="Foreign"/>, and no checkpoint is vouched for.
/// </summary>
internal sealed class OwnWriteWatch
{
    private readonly Dictionary<uint, ulong> _own;
    private readonly OwnedTags? _owned;
    private readonly Dictionary<uint, Seen> _seen = [];
    private Dictionary<uint, string[]>? _expected;
    private bool _verifying;

    /// <param name="own">The store's record of the modseq its writes left per UID; updated for every write proven ours.</param>
    /// <param name="owned">The owned-tag rule, to compare keywords; null where responses carry no keywords to compare (Gmail labels).</param>
    public OwnWriteWatch(Dictionary<uint, ulong> own, OwnedTags? owned)
    {
        _own = own;
        _owned = owned;
    }

    /// <summary>UID -> the modseq our write left, for every write of this watch proven ours.</summary>
    public Dictionary<uint, ulong> Written { get; } = [];

    /// <summary>Why the folder saw more than our own writes (null: nothing else seen).</summary>
    public string? Foreign { get; private set; }

    /// <summary>Before one STORE: UID -> the owned keywords (sorted) it must carry once stored.</summary>
    public void BeginStore(Dictionary<uint, string[]> expected)
    {
        _expected = expected;
        _seen.Clear();
    }

    /// <summary>
    /// After one STORE: every UID stored and not refused (<paramref name="unchanged"/>) must have been
    /// reported once, as expected; those become ours.
    /// </summary>
    public void EndStore(IEnumerable<uint> unchanged)
    {
        var expected = _expected ?? throw new InvalidOperationException("EndStore without BeginStore");
        _expected = null;
        foreach (var uid in unchanged)
        {
            expected.Remove(uid);
            if (_seen.Remove(uid))
            {
                Foreign ??= $"UID {uid} was reported although the server refused to store it";
            }
        }

        foreach (var uid in expected.Keys)
        {
            if (!_seen.TryGetValue(uid, out var seen) || seen.ModSeq is not { } modSeq)
            {
                Foreign ??= $"the server reported no MODSEQ for stored UID {uid}";
                continue;
            }

            if (seen.Problem is { } problem)
            {
                Foreign ??= problem;
                continue;
            }

            _own[uid] = modSeq;
            Written[uid] = modSeq;
        }
    }

    /// <summary>From now on only reports of our own writes at their recorded modseq are expected.</summary>
    public void BeginVerify() => _verifying = true;

    public void OnFlagsChanged(object? sender, MessageFlagsChangedEventArgs e) =>
        Observe(e.UniqueId, e.ModSeq, e.Keywords);

    public void OnModSeqChanged(object? sender, ModSeqChangedEventArgs e) =>
        Observe(e.UniqueId, e.ModSeq, null);

    public void OnCountChanged(object? sender, EventArgs e) =>
        Foreign ??= "the message count changed (new or expunged mail)";

    public void OnExpunged(object? sender, MessageEventArgs e) =>
        Foreign ??= "a message was expunged";

    private void Observe(UniqueId? uniqueId, ulong? modSeq, IEnumerable<string>? keywords)
    {
        if (uniqueId is not { } uid)
        {
            Foreign ??= "a change was reported without its UID";
            return;
        }

        if (_verifying)
        {
            if (modSeq is not { } m || !Written.TryGetValue(uid.Id, out var mine) || m != mine)
            {
                Foreign ??= $"UID {uid.Id} changed besides our own writes";
            }

            return;
        }

        if (_expected is null || !_expected.TryGetValue(uid.Id, out var want))
        {
            Foreign ??= $"UID {uid.Id} changed besides our own writes";
            return;
        }

        var seen = _seen.GetValueOrDefault(uid.Id);
        if (modSeq is { } modSeqNow)
        {
            if (seen.ModSeq is { } before && before != modSeqNow)
            {
                seen.Problem ??= $"UID {uid.Id} was reported with two modseqs ({before}, {modSeqNow})";
            }

            seen.ModSeq = modSeqNow;
        }

        if (keywords is not null && _owned is not null && !HasExactly(keywords, want))
        {
            seen.Problem ??= $"UID {uid.Id} carries other owned keywords than we stored";
        }

        _seen[uid.Id] = seen;
    }

    /// <summary>Whether the owned keywords among <paramref name="keywords"/> (a set) are exactly <paramref name="want"/>; allocates nothing.</summary>
    private bool HasExactly(IEnumerable<string> keywords, string[] want)
    {
        var owned = 0;
        foreach (var keyword in keywords)
        {
            if (_owned!.IsOwned(keyword))
            {
                if (Array.IndexOf(want, keyword) < 0)
                {
                    return false;
                }

                owned++;
            }
        }

        return owned == want.Length;
    }

    private struct Seen
    {
        public ulong? ModSeq;
        public string? Problem;
    }
}

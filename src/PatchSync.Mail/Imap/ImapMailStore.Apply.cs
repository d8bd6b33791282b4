using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;
using PatchSync.Mail.Tags;

namespace PatchSync.Mail.Imap;

public sealed partial class ImapMailStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Every copy of each Message-ID (as of the last read) is changed; a copy that already has the wanted
    /// state is skipped. Per folder, UIDs are grouped by the keywords to add (then to remove) and sent as
    /// <c>UID STORE set +FLAGS (k1 k2)</c> in batches of <see cref="ImapStoreOptions.StoreBatchSize"/>, each
    /// conditional (<c>UNCHANGEDSINCE</c>) on the modseq the message had when read, or after our own earlier
    /// write. UIDs the server reports as not changed were modified by someone else: their Message-IDs are
    /// conflicts, and their remaining steps are skipped. Without CONDSTORE writes are unconditional.
    /// A folder whose UIDVALIDITY changed since the read yields conflicts for all its copies.
    /// </remarks>
    public Task<ApplyResult> ApplyAsync(IReadOnlyList<TagChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _owned.EnsureOwned(changes);
        KeywordRules.EnsureValid(changes.SelectMany(c => c.Add.Concat(c.Remove)));
        var merged = MergedChange.Merge(changes);
        if (merged.Count == 0)
        {
            return Task.FromResult(new ApplyResult([], [], [], CurrentCheckpoint()));
        }

        if (_lastRead is null)
        {
            throw new InvalidOperationException($"{Name}: ReadAsync must run before ApplyAsync (writes address the UIDs it read)");
        }

        return GuardAsync("store", ct => ApplyCoreAsync(merged, ct), cancellationToken);
    }

    private async Task<ApplyResult> ApplyCoreAsync(Dictionary<string, MergedChange> merged, CancellationToken cancellationToken)
    {
        var lastRead = _lastRead!;
        // A full read's compact index (8-byte entries) serves every apply after it. After a delta read the
        // folders are still their checkpoint's encoded maps: each apply finds the copies of just its own
        // Message-IDs by matching the lines' Message-ID field, instead of decoding 100k lines for 1000 retags.
        CopyIndex index;
        using (Timings.Measure("imap.plan"))
        {
            index = _index ?? CopyIndex.Build(lastRead, merged.Keys.ToHashSet(StringComparer.Ordinal));
        }

        var notFound = new List<string>();
        var plans = new Dictionary<string, List<CopyWrite>>(StringComparer.Ordinal);
        var differences = new Dictionary<(object Add, object Remove, string[] Tags), (string[] Add, string[] Remove)>(DifferenceKeyComparer.Instance);
        foreach (var (id, change) in merged)
        {
            if (!index.Contains(id))
            {
                notFound.Add(id);
                continue;
            }

            foreach (var (folder, uid, copy) in index.CopiesOf(id))
            {
                var (add, remove) = Difference(change, copy.Tags, differences);
                if (add.Length + remove.Length == 0)
                {
                    continue;
                }

                if (!plans.TryGetValue(folder, out var list))
                {
                    list = [];
                    plans[folder] = list;
                }

                list.Add(new CopyWrite(id, uid, add, remove));
            }
        }

        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        if (plans.Count > 0)
        {
            var client = await ConnectAsync(cancellationToken);
            foreach (var (folderName, writes) in plans)
            {
                // Until proven otherwise the checkpoint is withdrawn: a write that throws half-way leaves none.
                var vouchable = _vouchable;
                _vouchable = false;
                _vouched = null;
                _vouchable = await ApplyToFolderAsync(client, folderName, lastRead[folderName], writes, conflicts, vouchable, cancellationToken);
            }

            _vouchable &= conflicts.Count == 0;
        }

        var applied = merged.Keys.Where(id => index.Contains(id) && !conflicts.Contains(id)).ToList();
        Timings.Count("imap.conflicts", conflicts.Count);
        return new ApplyResult(applied, merged.Keys.Where(conflicts.Contains).ToList(), notFound, CurrentCheckpoint());
    }

    /// <summary>
    /// Writes one folder's copies. Returns true when <paramref name="verify"/> is set and the folder is proven
    /// to hold nothing but the read's state plus our writes (see <see cref="VerifyOwnWritesAsync"/>).
    /// </summary>
    private async Task<bool> ApplyToFolderAsync(
        ImapClient client,
        string folderName,
        FolderState state,
        List<CopyWrite> writes,
        HashSet<string> conflicts,
        bool verify,
        CancellationToken cancellationToken)
    {
        var folder = string.Equals(folderName, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(folderName, cancellationToken);
        // The engine applies in chunks: a folder still selected read-write from the previous apply is not
        // selected again (a SELECT of a 100k-message folder costs Dovecot a third of a second).
        if (!folder.IsOpen || folder.Access != FolderAccess.ReadWrite)
        {
            using (Timings.Measure("imap.select"))
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            }

            Timings.Count("imap.roundtrips");
        }

        if (folder.UidValidity != state.UidValidity)
        {
            conflicts.UnionWith(writes.Select(w => w.MessageId));
            return false;
        }

        if (Mode == ImapKeywordMode.Keywords)
        {
            KeywordRules.EnsureFolderAcceptsKeywords(folder.PermanentFlags, folder.PermanentKeywords, writes.SelectMany(w => w.Add).Distinct(), folder.FullName, Name);
        }

        var conditional = HasCondStore(client) && state.HighestModSeq > 0;
        var baseline = _verifiedModSeqs.GetValueOrDefault(folderName, state.HighestModSeq);
        var own = _ownModSeqs.TryGetValue(folderName, out var known) ? known : [];
        _ownModSeqs[folderName] = own;
        var failed = new HashSet<uint>();

        // Only keywords can be compared with what we stored; a folder whose count already differs from the
        // read's has seen new or expunged mail.
        verify &= conditional && Mode == ImapKeywordMode.Keywords;
        var watch = new OwnWriteWatch(own, Mode == ImapKeywordMode.Keywords ? _owned : null);
        if (folder.Count != state.MessageCount)
        {
            verify = false;
        }

        folder.MessageFlagsChanged += watch.OnFlagsChanged;
        folder.ModSeqChanged += watch.OnModSeqChanged;
        folder.CountChanged += watch.OnCountChanged;
        folder.MessageExpunged += watch.OnExpunged;
        var verified = false;
        try
        {
            using (Timings.Measure("imap.store"))
            {
                await StorePhaseAsync(folder, writes, StoreAction.Add, conditional, baseline, state, own, watch, failed, cancellationToken);
                await StorePhaseAsync(folder, writes, StoreAction.Remove, conditional, baseline, state, own, watch, failed, cancellationToken);
            }

            if (verify && failed.Count == 0 && watch.Foreign is null)
            {
                using (Timings.Measure("imap.verify"))
                {
                    verified = await VerifyOwnWritesAsync(client, folder, folderName, state, watch, cancellationToken);
                }
            }
        }
        finally
        {
            folder.MessageFlagsChanged -= watch.OnFlagsChanged;
            folder.ModSeqChanged -= watch.OnModSeqChanged;
            folder.CountChanged -= watch.OnCountChanged;
            folder.MessageExpunged -= watch.OnExpunged;
        }

        if (verify && !verified)
        {
            _logger.LogInformation("{Store}: folder '{Folder}': checkpoint not moved past our writes: {Reason}", Name, folderName, watch.Foreign ?? (failed.Count > 0 ? "conflicts" : "unverified"));
        }

        foreach (var write in writes)
        {
            if (failed.Contains(write.Uid))
            {
                conflicts.Add(write.MessageId);
            }
            else if (state.TryGet(write.Uid, out var copy))
            {
                // Our own write is now the known state, so a second apply in this run starts from it.
                state.Set(write.Uid, copy with { Tags = AfterWrite(copy.Tags, write.Add, write.Remove) });
            }
        }

        return verified;
    }

    /// <summary>
    /// After the stores: <c>UID FETCH 1:* (UID MODSEQ) (CHANGEDSINCE m)</c> (in UID ranges of up to a fetch
    /// batch of our writes), m being the modseq up to which
    /// the folder is known (the read's HIGHESTMODSEQ, or what the last verification reached), must return
    /// exactly the UIDs we stored at exactly the modseqs our STOREs reported; then a NOOP collects any
    /// pending EXISTS/EXPUNGE, and the count must still be the read's. Only then every change up to our
    /// last write is ours, and the folder's checkpoint moves to it.
    /// </summary>
    private async Task<bool> VerifyOwnWritesAsync(ImapClient client, IMailFolder folder, string folderName, FolderState state, OwnWriteWatch watch, CancellationToken cancellationToken)
    {
        var since = _verifiedModSeqs.GetValueOrDefault(folderName, state.HighestModSeq);
        watch.BeginVerify();
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.ModSeq) { ChangedSince = since };
        var reached = since;
        var matched = 0;
        var consistent = true;
        foreach (var range in VerifyRanges(state.UidValidity, watch.Written.Keys))
        {
            var changed = await folder.FetchAsync(range, request, cancellationToken);
            Timings.Count("imap.roundtrips");
            foreach (var summary in changed)
            {
                if (summary.ModSeq is not { } modSeq || !watch.Written.TryGetValue(summary.UniqueId.Id, out var mine) || modSeq != mine)
                {
                    consistent = false;
                    break;
                }

                matched++;
                reached = Math.Max(reached, modSeq);
            }

            if (!consistent)
            {
                break;
            }
        }

        await client.NoOpAsync(cancellationToken);
        Timings.Count("imap.roundtrips");
        if (!consistent || watch.Foreign is not null || folder.Count != state.MessageCount || matched != watch.Written.Count)
        {
            return false;
        }

        _verifiedModSeqs[folderName] = reached;

        // Everything in the folder up to `reached` is now the read's state or ours, so that one modseq is
        // the conflict baseline of every UID: the per-UID record of our writes is no longer needed.
        _ownModSeqs[folderName].Clear();
        return true;
    }

    /// <summary>
    /// What a copy carrying <paramref name="tags"/> still needs of <paramref name="change"/>: the tags to add it
    /// lacks, the tags to remove it has (shared arrays). Callers hand in shared sets (the engine interns
    /// them) and copies share keyword arrays, so a 100k batch has a handful of distinct (change, tags) pairs:
    /// each is computed once, not once per message.
    /// </summary>
    private (string[] Add, string[] Remove) Difference(
        MergedChange change, string[] tags, Dictionary<(object Add, object Remove, string[] Tags), (string[] Add, string[] Remove)> cache)
    {
        var key = ((object)change.Add, (object)change.Remove, tags);
        if (!cache.TryGetValue(key, out var difference))
        {
            difference = (
                _tagArrays.InternArray(change.Add.Where(t => !tags.Contains(t, StringComparer.Ordinal))),
                _tagArrays.InternArray(change.Remove.Where(t => tags.Contains(t, StringComparer.Ordinal))));
            cache[key] = difference;
        }

        return difference;
    }

    /// <summary>
    /// UID ranges covering <c>1:*</c> with at most <see cref="ImapStoreOptions.FetchBatchSize"/> of our written
    /// UIDs each: the answers to a 100k-message verification arrive (and are dropped) a batch at a time
    /// instead of as one 100k list. One range (one round trip) for up to a batch of writes.
    /// </summary>
    private IEnumerable<UniqueIdRange> VerifyRanges(uint uidValidity, IEnumerable<uint> written)
    {
        var sorted = written.Order().ToArray();
        var start = 1u;
        for (var i = _options.FetchBatchSize; i < sorted.Length; i += _options.FetchBatchSize)
        {
            yield return new UniqueIdRange(new UniqueId(uidValidity, start), new UniqueId(uidValidity, sorted[i] - 1));
            start = sorted[i];
        }

        yield return new UniqueIdRange(new UniqueId(uidValidity, start), UniqueId.MaxValue);
    }

    /// <summary>Owned keywords after adding <paramref name="add"/> and removing <paramref name="remove"/>, sorted.</summary>
    /// All three are shared <see cref="TagSetInterner"/> arrays, so the few distinct combinations are computed once.
    private string[] AfterWrite(string[] tags, string[] add, string[] remove)
    {
        if (add.Length + remove.Length == 0)
        {
            return tags;
        }

        var key = (tags, add, remove);
        if (!_afterWrite.TryGetValue(key, out var result))
        {
            result = _tagArrays.InternArray(tags.Union(add, StringComparer.Ordinal).Except(remove, StringComparer.Ordinal));
            _afterWrite[key] = result;
        }

        return result;
    }

    /// <summary>
    /// One STORE per (keyword set, modseq baseline) group and batch. The baseline is the modseq our own
    /// previous STORE left on the UID, else <paramref name="baseline"/>: the folder's HIGHESTMODSEQ at the
    /// read, or as far as our writes were last verified.
    /// </summary>
    private async Task StorePhaseAsync(
        IMailFolder folder,
        List<CopyWrite> writes,
        StoreAction action,
        bool conditional,
        ulong baseline,
        FolderState state,
        Dictionary<uint, ulong> own,
        OwnWriteWatch watch,
        HashSet<uint> failed,
        CancellationToken cancellationToken)
    {
        // Keyword arrays are shared (TagSetInterner), so one array reference is one keyword set: grouping by it
        // builds no string per write.
        Func<CopyWrite, string[]> keywordsOf = action == StoreAction.Add ? w => w.Add : w => w.Remove;
        var groups = writes
            .Where(w => keywordsOf(w).Length > 0 && !failed.Contains(w.Uid))
            .GroupBy(w => new StoreGroup(keywordsOf(w), conditional ? own.GetValueOrDefault(w.Uid, baseline) : 0UL));
        foreach (var group in groups)
        {
            var keywords = group.Key.Keywords;
            foreach (var chunk in group.Chunk(_options.StoreBatchSize))
            {
                // What each stored UID must carry afterwards: the add step leaves the removals for later.
                var expected = new Dictionary<uint, string[]>(chunk.Length);
                foreach (var write in chunk)
                {
                    var tags = state.TryGet(write.Uid, out var copy) ? copy.Tags : [];
                    expected[write.Uid] = AfterWrite(tags, write.Add, action == StoreAction.Add ? [] : write.Remove);
                }

                var uids = chunk.Select(w => new UniqueId(state.UidValidity, w.Uid)).ToList();
                IList<UniqueId> unchanged;
                watch.BeginStore(expected);
                if (Mode == ImapKeywordMode.GmailLabels)
                {
                    var request = new StoreLabelsRequest(action, keywords) { Silent = false };
                    if (conditional)
                    {
                        request.UnchangedSince = group.Key.Baseline;
                    }

                    unchanged = await folder.StoreAsync(uids, request, cancellationToken);
                }
                else
                {
                    var request = new StoreFlagsRequest(action, keywords) { Silent = false };
                    if (conditional)
                    {
                        request.UnchangedSince = group.Key.Baseline;
                    }

                    unchanged = await folder.StoreAsync(uids, request, cancellationToken);
                }

                watch.EndStore(unchanged.Select(u => u.Id));
                Timings.Count("imap.roundtrips");
                Timings.Count("imap.stored", chunk.Length);
                failed.UnionWith(unchanged.Select(u => u.Id));
            }
        }
    }

    /// <summary>The keywords to add to and remove from one copy (shared arrays from <see cref="TagSetInterner"/>).</summary>
    private readonly record struct CopyWrite(string MessageId, uint Uid, string[] Add, string[] Remove);

    /// <summary>One STORE's keywords (a shared array, compared by reference) and UNCHANGEDSINCE baseline.</summary>
    private readonly struct StoreGroup(string[] keywords, ulong baseline) : IEquatable<StoreGroup>
    {
        public string[] Keywords { get; } = keywords;

        public ulong Baseline { get; } = baseline;

        public bool Equals(StoreGroup other) => ReferenceEquals(Keywords, other.Keywords) && Baseline == other.Baseline;

        public override bool Equals(object? obj) => obj is StoreGroup other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Keywords), Baseline);
    }
}

using MailKit;
using MailKit.Net.Imap;
using PatchSync.Mail.Abstractions;
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
            return Task.FromResult(new ApplyResult([], [], []));
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
        // Indexed over the copies of this apply's Message-IDs only: an index of every copy would be 100k
        // entries of garbage per chunk the engine applies.
        var index = MessageIndex.Build(lastRead, merged.Keys.ToHashSet(StringComparer.Ordinal));
        var notFound = new List<string>();
        var plans = new Dictionary<string, List<CopyWrite>>(StringComparer.Ordinal);
        foreach (var (id, change) in merged)
        {
            if (!index.TryGetValue(id, out var copies))
            {
                notFound.Add(id);
                continue;
            }

            foreach (var (folder, uid, copy) in copies)
            {
                var add = change.Add.Where(t => !copy.Tags.Contains(t, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();
                var remove = change.Remove.Where(t => copy.Tags.Contains(t, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();
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
            var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (folderName, writes) in plans)
            {
                await ApplyToFolderAsync(client, folderName, lastRead[folderName], writes, conflicts, cancellationToken).ConfigureAwait(false);
            }
        }

        var applied = merged.Keys.Where(id => index.ContainsKey(id) && !conflicts.Contains(id)).ToList();
        Timings.Count("imap.conflicts", conflicts.Count);
        return new ApplyResult(applied, merged.Keys.Where(conflicts.Contains).ToList(), notFound);
    }

    private async Task ApplyToFolderAsync(
        ImapClient client,
        string folderName,
        FolderState state,
        List<CopyWrite> writes,
        HashSet<string> conflicts,
        CancellationToken cancellationToken)
    {
        var folder = string.Equals(folderName, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(folderName, cancellationToken).ConfigureAwait(false);
        // The engine applies in chunks: a folder still selected read-write from the previous apply is not
        // selected again (a SELECT of a 100k-message folder costs Dovecot a third of a second).
        if (!folder.IsOpen || folder.Access != FolderAccess.ReadWrite)
        {
            using (Timings.Measure("imap.select"))
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
            }

            Timings.Count("imap.roundtrips");
        }

        if (folder.UidValidity != state.UidValidity)
        {
            conflicts.UnionWith(writes.Select(w => w.MessageId));
            return;
        }

        if (Mode == ImapKeywordMode.Keywords)
        {
            KeywordRules.EnsureFolderAcceptsKeywords(folder.PermanentFlags, folder.PermanentKeywords, writes.SelectMany(w => w.Add).Distinct(), folder.FullName, Name);
        }

        var conditional = HasCondStore(client) && state.HighestModSeq > 0;
        var own = _ownModSeqs.TryGetValue(folderName, out var known) ? known : [];
        _ownModSeqs[folderName] = own;
        var failed = new HashSet<uint>();

        void OnFlags(object? sender, MessageFlagsChangedEventArgs e)
        {
            if (e.UniqueId is { } uid && e.ModSeq is { } modSeq)
            {
                own[uid.Id] = modSeq;
            }
        }

        void OnModSeq(object? sender, ModSeqChangedEventArgs e)
        {
            if (e.UniqueId is { } uid)
            {
                own[uid.Id] = e.ModSeq;
            }
        }

        folder.MessageFlagsChanged += OnFlags;
        folder.ModSeqChanged += OnModSeq;
        try
        {
            using var _ = Timings.Measure("imap.store");
            await StorePhaseAsync(folder, writes, w => w.Add, StoreAction.Add, conditional, state, own, failed, cancellationToken).ConfigureAwait(false);
            await StorePhaseAsync(folder, writes, w => w.Remove, StoreAction.Remove, conditional, state, own, failed, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            folder.MessageFlagsChanged -= OnFlags;
            folder.ModSeqChanged -= OnModSeq;
        }

        foreach (var write in writes)
        {
            if (failed.Contains(write.Uid))
            {
                conflicts.Add(write.MessageId);
            }
            else if (state.Messages.TryGetValue(write.Uid, out var copy))
            {
                // Our own write is now the known state, so a second apply in this run starts from it.
                var tags = copy.Tags.Union(write.Add).Except(write.Remove).Order(StringComparer.Ordinal).ToArray();
                state.Messages[write.Uid] = copy with { Tags = tags };
            }
        }
    }

    /// <summary>
    /// One STORE per (keyword set, modseq baseline) group and batch. The baseline is what the UID had when
    /// read, or the modseq our own previous STORE left on it.
    /// </summary>
    private async Task StorePhaseAsync(
        IMailFolder folder,
        List<CopyWrite> writes,
        Func<CopyWrite, string[]> keywordsOf,
        StoreAction action,
        bool conditional,
        FolderState state,
        Dictionary<uint, ulong> own,
        HashSet<uint> failed,
        CancellationToken cancellationToken)
    {
        var groups = writes
            .Where(w => keywordsOf(w).Length > 0 && !failed.Contains(w.Uid))
            .GroupBy(w => (Keywords: string.Join(' ', keywordsOf(w)), Baseline: conditional ? own.GetValueOrDefault(w.Uid, state.HighestModSeq) : 0UL));
        foreach (var group in groups)
        {
            var keywords = group.Key.Keywords.Split(' ');
            foreach (var chunk in group.Select(w => new UniqueId(state.UidValidity, w.Uid)).Chunk(_options.StoreBatchSize))
            {
                IList<UniqueId> unchanged;
                if (Mode == ImapKeywordMode.GmailLabels)
                {
                    var request = new StoreLabelsRequest(action, keywords) { Silent = false };
                    if (conditional)
                    {
                        request.UnchangedSince = group.Key.Baseline;
                    }

                    unchanged = await folder.StoreAsync(chunk, request, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var request = new StoreFlagsRequest(action, keywords) { Silent = false };
                    if (conditional)
                    {
                        request.UnchangedSince = group.Key.Baseline;
                    }

                    unchanged = await folder.StoreAsync(chunk, request, cancellationToken).ConfigureAwait(false);
                }

                Timings.Count("imap.roundtrips");
                Timings.Count("imap.stored", chunk.Length);
                failed.UnionWith(unchanged.Select(u => u.Id));
            }
        }
    }

    /// <summary>The keywords to add to and remove from one copy.</summary>
    private sealed record CopyWrite(string MessageId, uint Uid, string[] Add, string[] Remove);
}

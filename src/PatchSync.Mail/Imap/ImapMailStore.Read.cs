using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Utils;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;

namespace PatchSync.Mail.Imap;

public sealed partial class ImapMailStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Per folder: a first read (or a changed UIDVALIDITY) indexes the whole folder: UID SEARCH ALL, then
    /// UID FETCH (UID FLAGS MODSEQ BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]) in batches of
    /// <see cref="ImapStoreOptions.FetchBatchSize"/> UIDs. A delta read costs nothing beyond the SELECT when
    /// HIGHESTMODSEQ, UIDNEXT and the message count are unchanged; otherwise one FETCH ... (CHANGEDSINCE m)
    /// gives changed and new messages, and only if the count then disagrees a UID SEARCH ALL finds the
    /// removed UIDs. Without CONDSTORE every flag is scanned and compared with the checkpoint's UID map.
    /// </remarks>
    public Task<MailSnapshot> ReadAsync(MailCheckpoint? since, CancellationToken cancellationToken = default) =>
        GuardAsync("read", ct => ReadCoreAsync(since, ct), cancellationToken);

    private async Task<MailSnapshot> ReadCoreAsync(MailCheckpoint? since, CancellationToken cancellationToken)
    {
        Dictionary<string, FolderState>? previous;
        using (Timings.Measure("imap.checkpoint"))
        {
            previous = ImapCheckpoint.TryParse(since, _tagArrays);
        }

        var client = await ConnectAsync(cancellationToken);
        var folders = await ResolveFoldersAsync(client, cancellationToken);
        var warnings = new List<string>();
        var next = new Dictionary<string, FolderState>(StringComparer.Ordinal);
        var affected = new HashSet<string>(StringComparer.Ordinal);
        var changed = previous is null;
        foreach (var folder in folders)
        {
            // SELECT, not EXAMINE: a run that then retags writes to this folder, and a folder still selected
            // read-write is not selected again (a SELECT of a 100k-message folder costs Dovecot ~0.2 s). The
            // price is IMAP's session-bound \Recent flag, which this session now takes from new mail as any
            // syncing client (mbsync, OfflineIMAP) does; no tag or flag is changed by a read.
            using (Timings.Measure("imap.select"))
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            }

            Timings.Count("imap.roundtrips");
            Timings.Count("imap.folders");
            if (KeywordRules.TooManyKeywordsWarning(folder.AcceptedKeywords.Count, folder.FullName, Name) is { } warning)
            {
                warnings.Add(warning);
            }

            var old = previous?.GetValueOrDefault(folder.FullName);
            FolderState state;
            if (old is null || old.UidValidity != folder.UidValidity)
            {
                if (old is not null)
                {
                    warnings.Add($"{Name}: folder '{folder.FullName}' UIDVALIDITY changed ({old.UidValidity} -> {folder.UidValidity}): re-indexed");
                }

                state = await IndexFolderAsync(client, folder, cancellationToken);
            }
            else if (HasCondStore(client) && folder.HighestModSeq > 0)
            {
                state = await ReadChangesAsync(client, folder, old, cancellationToken);
            }
            else
            {
                state = await ScanFlagsAsync(client, folder, old, cancellationToken);
            }

            if (!ReferenceEquals(state, old))
            {
                changed = true;
                Diff(old, state, affected);
            }

            next[folder.FullName] = state;
        }

        // Folders gone from the server or from the configuration: their copies are gone.
        foreach (var (name, old) in previous ?? [])
        {
            if (!next.ContainsKey(name))
            {
                changed = true;
                Diff(old, null, affected);
            }
        }

        foreach (var warning in warnings)
        {
            // The snapshot carries the warning to the report, which prints it once; logged for -v only.
            _logger.LogDebug("{Warning}", warning);
        }

        MailSnapshot snapshot;
        CopyIndex? fullIndex;
        using (Timings.Measure("imap.snapshot"))
        {
            // A full read's index serves the applies after it; a delta's covers only the affected ids.
            var index = previous is null ? CopyIndex.Build(next) : affected.Count > 0 ? CopyIndex.Build(next, affected) : null;
            var ids = previous is null ? index!.Ids : affected;
            var messages = new Dictionary<string, MailMessage>(previous is null ? index!.Count : affected.Count, StringComparer.Ordinal);
            var removed = new HashSet<string>(StringComparer.Ordinal);
            var sets = new TagSetInterner();
            foreach (var id in ids)
            {
                if (index!.Contains(id))
                {
                    messages[id] = index.ToMessage(id, sets);
                }
                else
                {
                    removed.Add(id);
                }
            }

            fullIndex = previous is null ? index : null;
            var checkpoint = changed ? LazyCheckpoint(next) : since!;
            snapshot = new MailSnapshot(previous is null, messages, removed, checkpoint, warnings);
        }

        Timings.Count("imap.messages", next.Values.Sum(f => f.MessageCount));
        _lastRead = next;
        _index = fullIndex;
        _ownModSeqs.Clear();
        _verifiedModSeqs.Clear();
        _vouchable = true;
        _vouched = null;
        return snapshot;
    }

    /// <summary>
    /// The read's checkpoint, its text made only if and when the engine saves it (after verified writes it
    /// saves the apply's instead). It is made from copies of the read's states, which later applies change;
    /// a copy of a state read from a checkpoint shares the encoded map and copies only the changes over it.
    /// </summary>
    private MailCheckpoint LazyCheckpoint(Dictionary<string, FolderState> next)
    {
        var frozen = next.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal);
        return new MailCheckpoint(ImapCheckpoint.Kind, () =>
        {
            using var _ = Timings.Measure("imap.checkpoint");
            return ImapCheckpoint.Create(frozen).Value;
        });
    }

    /// <summary>Adds the Message-IDs of every copy that appeared, vanished or changed between two states of a folder.</summary>
    private static void Diff(FolderState? before, FolderState? after, HashSet<string> affected)
    {
        if (before is not null && after?.Touched is { } touched)
        {
            foreach (var uid in touched)
            {
                var then = before.Get(uid);
                var now = after.Get(uid);
                if (then is null || now is null || !now.SameAs(then))
                {
                    AddId(then?.MessageId ?? string.Empty);
                    AddId(now?.MessageId ?? string.Empty);
                }
            }

            return;
        }

        foreach (var (uid, copy) in before?.Copies ?? [])
        {
            if (after is null || !after.TryGet(uid, out var now) || !now.SameAs(copy))
            {
                AddId(copy.MessageId);
            }
        }

        foreach (var (uid, copy) in after?.Copies ?? [])
        {
            if (before is null || !before.TryGet(uid, out var then) || !then.SameAs(copy))
            {
                AddId(copy.MessageId);
            }
        }

        void AddId(string id)
        {
            if (id.Length > 0)
            {
                affected.Add(id);
            }
        }
    }

    /// <summary>The whole folder: every UID, its Message-ID and flags, in large UID batches.</summary>
    private async Task<FolderState> IndexFolderAsync(ImapClient client, IMailFolder folder, CancellationToken cancellationToken)
    {
        var state = NewState(folder);
        using var _ = Timings.Measure("imap.index");
        var uids = await folder.SearchAsync(SearchQuery.All, cancellationToken);
        Timings.Count("imap.roundtrips");
        state.EnsureCapacity(uids.Count);
        await FetchIntoAsync(folder, uids, FullRequest(client), state, cancellationToken);
        return state;
    }

    /// <summary>CONDSTORE delta: only messages with a modseq above the checkpoint's, plus removed UIDs when the count says so.</summary>
    private async Task<FolderState> ReadChangesAsync(ImapClient client, IMailFolder folder, FolderState old, CancellationToken cancellationToken)
    {
        var uidNext = folder.UidNext?.Id ?? 0;
        if (folder.HighestModSeq == old.HighestModSeq && uidNext == old.UidNext && folder.Count == old.MessageCount)
        {
            return old;
        }

        var state = old.Clone();
        state.HighestModSeq = folder.HighestModSeq;
        state.UidNext = uidNext;
        using var _ = Timings.Measure("imap.fetch");
        var request = FullRequest(client);
        request.ChangedSince = old.HighestModSeq;
        var changed = await folder.FetchAsync(UniqueIdRange.All, request, cancellationToken);
        Timings.Count("imap.roundtrips");
        state.Touched = [];
        foreach (var summary in changed)
        {
            state.Set(summary.UniqueId.Id, ToCopy(summary));
            state.Touched.Add(summary.UniqueId.Id);
        }

        Timings.Count("imap.changed", changed.Count);
        if (folder.Count != state.MessageCount)
        {
            await ReconcileUidsAsync(client, folder, state, cancellationToken);
        }

        return state;
    }

    /// <summary>No CONDSTORE: read every message's flags (cheap, no headers) and fetch Message-IDs only for new UIDs.</summary>
    private async Task<FolderState> ScanFlagsAsync(ImapClient client, IMailFolder folder, FolderState old, CancellationToken cancellationToken)
    {
        var state = NewState(folder);
        using var _ = Timings.Measure("imap.fetch");
        var uids = await folder.SearchAsync(SearchQuery.All, cancellationToken);
        Timings.Count("imap.roundtrips");
        var items = MessageSummaryItems.UniqueId | (Mode == ImapKeywordMode.GmailLabels ? MessageSummaryItems.GMailLabels : MessageSummaryItems.Flags);
        var unknown = new List<UniqueId>();
        foreach (var chunk in uids.Chunk(_options.FetchBatchSize))
        {
            var summaries = await folder.FetchAsync(chunk, new FetchRequest(items), cancellationToken);
            Timings.Count("imap.roundtrips");
            foreach (var summary in summaries)
            {
                if (old.TryGet(summary.UniqueId.Id, out var known))
                {
                    state.Set(summary.UniqueId.Id, known with { Tags = OwnedTagsOf(summary) });
                }
                else
                {
                    unknown.Add(summary.UniqueId);
                }
            }
        }

        await FetchIntoAsync(folder, unknown, FullRequest(client), state, cancellationToken);
        return state;
    }

    /// <summary>Drops UIDs the server no longer has and fetches any it has that we missed (UID SEARCH ALL vs the map).</summary>
    private async Task ReconcileUidsAsync(ImapClient client, IMailFolder folder, FolderState state, CancellationToken cancellationToken)
    {
        var all = await folder.SearchAsync(SearchQuery.All, cancellationToken);
        Timings.Count("imap.roundtrips");
        var present = all.Select(u => u.Id).ToHashSet();
        var gone = state.Uids.Where(uid => !present.Contains(uid)).ToList();
        foreach (var uid in gone)
        {
            state.Remove(uid);
            state.Touched?.Add(uid);
        }

        Timings.Count("imap.vanished", gone.Count);
        var missing = all.Where(u => !state.Contains(u.Id)).ToList();
        state.Touched?.UnionWith(missing.Select(u => u.Id));
        await FetchIntoAsync(folder, missing, FullRequest(client), state, cancellationToken);
    }

    private async Task FetchIntoAsync(IMailFolder folder, IList<UniqueId> uids, FetchRequest request, FolderState state, CancellationToken cancellationToken)
    {
        foreach (var chunk in uids.Chunk(_options.FetchBatchSize))
        {
            var summaries = await folder.FetchAsync(chunk, request, cancellationToken);
            Timings.Count("imap.roundtrips");
            foreach (var summary in summaries)
            {
                state.Set(summary.UniqueId.Id, ToCopy(summary));
            }
        }
    }

    private static FolderState NewState(IMailFolder folder) => new()
    {
        UidValidity = folder.UidValidity,
        HighestModSeq = folder.HighestModSeq,
        UidNext = folder.UidNext?.Id ?? 0,
    };

    /// <summary>UID, flags (or Gmail labels), modseq where offered, and only the Message-ID header.</summary>
    private FetchRequest FullRequest(ImapClient client)
    {
        var items = MessageSummaryItems.UniqueId |
            (Mode == ImapKeywordMode.GmailLabels ? MessageSummaryItems.GMailLabels : MessageSummaryItems.Flags);
        if (HasCondStore(client))
        {
            items |= MessageSummaryItems.ModSeq;
        }

        return new FetchRequest(items, [HeaderId.MessageId]);
    }

    private CopyState ToCopy(IMessageSummary summary)
    {
        var raw = summary.Headers?[HeaderId.MessageId];
        var id = string.Empty;
        if (!string.IsNullOrWhiteSpace(raw))
        {
            id = MimeUtils.ParseMessageId(raw) ?? raw.Trim().TrimStart('<').TrimEnd('>');
            id = ImapCheckpoint.NormalizeMessageId(id);
        }

        return new CopyState(id, OwnedTagsOf(summary));
    }

    private string[] OwnedTagsOf(IMessageSummary summary)
    {
        IEnumerable<string> all = Mode == ImapKeywordMode.GmailLabels
            ? summary.GMailLabels ?? (IEnumerable<string>)[]
            : summary.Keywords ?? (IEnumerable<string>)[];
        return _tagArrays.InternArray(all.Where(_owned.IsOwned));
    }
}

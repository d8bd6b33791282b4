using System.Globalization;
using System.Threading.Channels;
using PatchSync.Core.Ports;

namespace PatchSync.Mail.Imap;

/// <summary>
/// Gathers what the watcher's folder connections hear (MailKit raises one event per untagged response, so a
/// 100k-message retag is 100k events) into at most one pending change per folder, and wakes the reader once.
/// Thread-safe: each folder's connection reports from its own thread.
/// </summary>
internal sealed class ImapChangeCollector
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Flags changed (or the folder was just opened) up to <paramref name="modSeq"/>; null: the server gave no MODSEQ.</summary>
    public void Moved(string folder, uint uidValidity, ulong? modSeq, string reason)
    {
        lock (_gate)
        {
            var pending = Get(folder, uidValidity, reason);
            if (modSeq is { } value and > 0)
            {
                pending.ModSeq = Math.Max(pending.ModSeq, value);
            }
            else
            {
                pending.Unpositioned = true;
            }
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Mail arrived or was expunged: no position says whether a checkpoint covers it.</summary>
    public void Restructured(string folder, uint uidValidity, string reason)
    {
        lock (_gate)
        {
            Get(folder, uidValidity, reason).Unpositioned = true;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Waits for something to be reported, then takes every folder's pending change.</summary>
    public async ValueTask<List<MailChange>> TakeAsync(CancellationToken cancellationToken)
    {
        await _wake.Reader.ReadAsync(cancellationToken);
        lock (_gate)
        {
            var changes = _pending.Select(p => p.Value.ToChange(p.Key)).ToList();
            _pending.Clear();
            return changes;
        }
    }

    private Pending Get(string folder, uint uidValidity, string reason)
    {
        if (!_pending.TryGetValue(folder, out var pending) || pending.UidValidity != uidValidity)
        {
            // A new UIDVALIDITY makes older positions meaningless: the change is about the folder as it is now.
            pending = new Pending(uidValidity);
            _pending[folder] = pending;
        }

        pending.Reasons.Add(reason);
        return pending;
    }

    private sealed class Pending(uint uidValidity)
    {
        public uint UidValidity { get; } = uidValidity;

        public ulong ModSeq { get; set; }

        public bool Unpositioned { get; set; }

        public SortedSet<string> Reasons { get; } = new(StringComparer.Ordinal);

        public MailChange ToChange(string folder) => new(string.Join('+', Reasons))
        {
            Folder = folder,
            Generation = UidValidity.ToString(CultureInfo.InvariantCulture),
            Position = Unpositioned || ModSeq == 0 ? null : ModSeq,
        };
    }
}

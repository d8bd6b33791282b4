using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>
/// What the run knows from the state store. A full run (or a full mail read) loads every patch and message
/// at once; an incremental run loads only what it touches (the patches of changed mail, of events, of the
/// outbox, and the last seen tags of their mails), so a run with nothing to do costs the same whether the
/// state holds a hundred patches or a hundred thousand.
/// </summary>
internal sealed class StateLoader(RunContext run)
{
    private readonly RunContext _run = run;
    private readonly HashSet<long> _patchesLookedUp = [];
    private readonly HashSet<string> _messagesLookedUp = new(StringComparer.Ordinal);
    private bool _loadedAll;

    public async Task LoadAllAsync()
    {
        if (_loadedAll)
        {
            return;
        }

        var all = await _run.GuardAsync(SyncArea.State, "loading state", () => _run.Store.LoadAsync(_run.Project.Scope, _run.CancellationToken));
        _run.Memory.Patches.EnsureCapacity(all.Patches.Count);
        _run.Memory.Messages.EnsureCapacity(all.Messages.Count);
        foreach (var (id, patch) in all.Patches)
        {
            _run.Memory.Patches.TryAdd(id, patch);
        }

        foreach (var (messageId, tags) in all.Messages)
        {
            // Tags read from the mail this run are newer than the stored ones.
            if (!_messagesLookedUp.Contains(messageId))
            {
                _run.Memory.Messages.TryAdd(messageId, tags);
            }
        }

        _loadedAll = true;
    }

    /// <summary>The stored records of <paramref name="ids"/> not looked up yet.</summary>
    public async Task EnsurePatchesAsync(IEnumerable<long> ids)
    {
        if (_loadedAll)
        {
            return;
        }

        var missing = ids.Where(id => !_run.Memory.Patches.ContainsKey(id) && _patchesLookedUp.Add(id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var found = await _run.GuardAsync(SyncArea.State, "loading state", () => _run.Store.LoadPatchesAsync(_run.Project.Scope, missing, _run.CancellationToken));
        foreach (var (id, patch) in found)
        {
            _run.Memory.Patches.TryAdd(id, patch);
        }
    }

    /// <summary>The stored records of the patches whose mail is one of <paramref name="messageIds"/>.</summary>
    public async Task EnsurePatchesOfMessagesAsync(IReadOnlyCollection<string> messageIds)
    {
        if (_loadedAll || messageIds.Count == 0)
        {
            return;
        }

        var found = await _run.GuardAsync(SyncArea.State, "loading state", () => _run.Store.LoadPatchesByMessageAsync(_run.Project.Scope, messageIds, _run.CancellationToken));
        foreach (var (id, patch) in found)
        {
            _patchesLookedUp.Add(id);
            _run.Memory.Patches.TryAdd(id, patch);
        }
    }

    /// <summary>Records of a chunk's patches and the last seen tags of their mails, where not known yet.</summary>
    public async Task EnsureLoadedAsync(long[] chunk)
    {
        if (_loadedAll)
        {
            return;
        }

        await EnsurePatchesAsync(chunk);
        var messageIds = chunk
            .Select(id => _run.Memory.Fresh.GetValueOrDefault(id)?.MessageId ?? _run.Memory.Patches.GetValueOrDefault(id)?.MessageId)
            .OfType<string>()
            .Where(m => !_run.Memory.Messages.ContainsKey(m) && _messagesLookedUp.Add(m))
            .ToList();
        if (messageIds.Count == 0)
        {
            return;
        }

        var found = await _run.GuardAsync(SyncArea.State, "loading state", () => _run.Store.LoadMessageTagsAsync(_run.Project.Scope, messageIds, _run.CancellationToken));
        foreach (var (messageId, tags) in found)
        {
            _run.Memory.Messages.TryAdd(messageId, tags);
        }
    }

    /// <summary>
    /// Marks messages whose tags the mail read just gave: what the read says is newer than anything stored,
    /// so a later lookup never replaces it.
    /// </summary>
    public void MarkRead(IEnumerable<string> messageIds) => _messagesLookedUp.UnionWith(messageIds);
}

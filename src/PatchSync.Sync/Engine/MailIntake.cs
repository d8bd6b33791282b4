using PatchSync.Core.Ports;

namespace PatchSync.Sync.Engine;

/// <summary>
/// Mail intake: reads the mail store (changes since the checkpoint, or everything), takes the tags into the
/// run's memory, marks the patches of changed mail to be planned, and stores the tags read before anything
/// is planned.
/// </summary>
internal sealed class MailIntake(RunContext run, StateLoader loader)
{
    private readonly RunContext _run = run;
    private readonly StateLoader _loader = loader;

    /// <summary>Reads the mail store since the stored checkpoint (all of it on a full run) into the run's memory and the state.</summary>
    /// <returns>The mail store's checkpoint after the read: written with the run's final commit.</returns>
    public async Task<MailCheckpoint?> ReadAsync()
    {
        MailCheckpoint? since = null;
        if (!_run.Request.Full && _run.State.Checkpoints.TryGetValue(CheckpointNames.Mail, out var text))
        {
            if (_run.State.Checkpoints.TryGetValue(CheckpointNames.MailKind, out var kind))
            {
                since = new MailCheckpoint(kind, text);
            }
            else
            {
                var split = text.IndexOf('\n', StringComparison.Ordinal);
                since = split > 0 ? new MailCheckpoint(text[..split], text[(split + 1)..]) : null;
            }
        }

        var snapshot = await _run.GuardAsync(SyncArea.Mail, "reading mail", () => _run.Project.Store.ReadAsync(since, _run.CancellationToken));
        if (snapshot.IsFull)
        {
            // Loaded before the read's tags are taken in below, which replace the stored ones.
            await _loader.LoadAllAsync();
        }
        else
        {
            // What the read says is newer than anything stored: never replaced by a later lookup.
            _loader.MarkRead(snapshot.Messages.Keys);
            _loader.MarkRead(snapshot.Removed);
            await _loader.EnsurePatchesOfMessagesAsync([.. snapshot.Messages.Keys, .. snapshot.Removed]);
        }

        // Only needed here: which known patch a changed message belongs to (patches read later are touched anyway).
        var patchByMessage = new Dictionary<string, long>(_run.Memory.Patches.Count, StringComparer.Ordinal);
        foreach (var (id, patch) in _run.Memory.Patches)
        {
            patchByMessage[patch.MessageId] = id;
        }

        _run.Report.MailRead = snapshot.Messages.Count;
        _run.Report.Warnings.AddRange(snapshot.Warnings.Select(w => $"{_run.Project.Name}: {w}"));
        _run.Progress("reading mail", snapshot.Messages.Count);
        var removed = new List<string>();
        if (snapshot.IsFull)
        {
            foreach (var gone in _run.Memory.Messages.Keys.Where(k => !snapshot.Messages.ContainsKey(k)).ToList())
            {
                _run.Memory.Messages.Remove(gone);
                removed.Add(gone);
            }

            // Everything was re-read: every known patch is planned again.
            _run.Memory.Touched.UnionWith(_run.Memory.Patches.Keys);
        }

        foreach (var (messageId, message) in snapshot.Messages)
        {
            _run.Memory.Messages[messageId] = message.Tags;
            if (patchByMessage.TryGetValue(messageId, out var id))
            {
                _run.Memory.Touched.Add(id);
            }

            if (message.CopiesDisagree)
            {
                _run.Report.Warnings.Add($"{_run.Project.Name}: copies of <{messageId}> carry different tags; all are retagged alike");
            }
        }

        foreach (var messageId in snapshot.Removed)
        {
            _run.Memory.Messages.Remove(messageId);
            removed.Add(messageId);
            if (patchByMessage.TryGetValue(messageId, out var id))
            {
                _run.Memory.Touched.Add(id);
            }
        }

        await RecordMailReadAsync(snapshot.Messages, removed);
        // Written with the final commit; kept as read until then (an IMAP checkpoint can be megabytes).
        return snapshot.Checkpoint;
    }

    /// <summary>
    /// Stores the tags just read, in chunked commits, before anything is planned: the stored tags are what
    /// a later run takes as the mail side of a patch it does not re-read. Safe ahead of the plan: the mail
    /// checkpoint advances only at the end, so a run that dies here reads the same changes again.
    /// </summary>
    private async Task RecordMailReadAsync(IReadOnlyDictionary<string, MailMessage> read, List<string> removed)
    {
        if (_run.Request.DryRun)
        {
            return;
        }

        var size = _run.ChunkSize;
        foreach (var chunk in read.Keys.Chunk(size))
        {
            var commit = new StateCommit();
            foreach (var messageId in chunk)
            {
                commit.Messages[messageId] = read[messageId].Tags;
            }

            await _run.CommitAsync(commit, $"mail read {commit.Messages.Count}");
        }

        foreach (var chunk in removed.Chunk(size))
        {
            var commit = new StateCommit();
            commit.RemovedMessages.AddRange(chunk);
            await _run.CommitAsync(commit, $"mail gone {chunk.Length}");
        }
    }
}

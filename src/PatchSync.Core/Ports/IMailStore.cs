using PatchSync.Core.Diagnostics;

namespace PatchSync.Core.Ports;

/// <summary>
/// A place where a maintainer keeps mail (an IMAP account, a notmuch database), seen by pwsync as
/// Message-ID -> the pwsync-owned tags on it. Every store implements this one contract, so the sync
/// engine never knows which protocol it talks to. Only tags starting with the configured prefix are
/// ever read or written; every other tag or keyword is left alone.
/// </summary>
public interface IMailStore : IAsyncDisposable
{
    /// <summary>A short name for messages and logs, e.g. <c>imap://maint@127.0.0.1:10143</c> (never a password).</summary>
    string Name { get; }

    /// <summary>Per-phase timings and counts of everything this store did (connect, index, fetch, store...).</summary>
    PhaseTimings Timings { get; }

    /// <summary>
    /// Reads the store. With a null or no-longer-valid <paramref name="since"/> (UIDVALIDITY changed,
    /// notmuch database UUID changed) it reads everything and says so in <see cref="MailSnapshot.IsFull"/>;
    /// otherwise only what changed since that checkpoint. The snapshot carries the checkpoint to save
    /// once its changes have been taken into the state store.
    /// </summary>
    /// <exception cref="MailStoreException">The store cannot be read (cannot connect, login refused, folder missing, server gone); the saved checkpoint stays valid.</exception>
    Task<MailSnapshot> ReadAsync(MailCheckpoint? since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies tag changes in batches with few round trips, to every copy of each Message-ID. Changes to
    /// messages that another client modified since they were read are not applied and are returned as
    /// conflicts (to be re-read), never overwritten.
    /// </summary>
    /// <exception cref="ArgumentException">A change names a tag without the prefix, or one the store cannot hold (IMAP: not an atom, over 50 bytes).</exception>
    /// <exception cref="InvalidOperationException"><see cref="ReadAsync"/> has not run on this instance.</exception>
    /// <exception cref="MailStoreException">The store cannot be written (folder refuses keywords, server gone, notmuch failed).</exception>
    Task<ApplyResult> ApplyAsync(IReadOnlyList<TagChange> changes, CancellationToken cancellationToken = default);
}

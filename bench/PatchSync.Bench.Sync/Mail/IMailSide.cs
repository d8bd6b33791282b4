using PatchSync.Bench.Sync.Setup;

namespace PatchSync.Bench.Sync.Mail;

/// <summary>
/// The mail side of the benchmark: a throwaway store holding one mail per patch, the <c>[stores.*]</c> table
/// pwsync uses for it, and "another client" that reads and changes tags behind pwsync's back.
/// </summary>
public interface IMailSide : IAsyncDisposable
{
    /// <summary>A short description for the report (server, folder, mail format).</summary>
    string Description { get; }

    /// <summary>Starts the store and puts one mail per patch into it, untagged.</summary>
    Task SeedAsync(IReadOnlyList<SeededPatch> patches, CancellationToken cancellationToken);

    /// <summary>The body of pwsync's <c>[stores.bench]</c> table (key = value lines).</summary>
    string StoreToml { get; }

    /// <summary>Environment variables pwsync needs for this store (e.g. the IMAP password).</summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Every mail's tags that start with <paramref name="prefix"/>, by Message-ID.</summary>
    Task<Dictionary<string, HashSet<string>>> ReadTagsAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Changes tags as another mail client would (not through pwsync).</summary>
    Task RetagAsync(IReadOnlyList<MailRetag> changes, CancellationToken cancellationToken);

    /// <summary>
    /// "Another client" ready for single quick edits (an open IMAP connection with the UID map, or the notmuch
    /// command): <c>--watch-latency</c> times from the edit's first command to the tracker's change.
    /// </summary>
    Task<IMailEditor> OpenEditorAsync(CancellationToken cancellationToken);
}

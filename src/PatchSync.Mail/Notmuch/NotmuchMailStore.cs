using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PatchSync.Core.Diagnostics;
using PatchSync.Core.Ports;
using PatchSync.Core.Tags;
using PatchSync.Mail.Processes;

namespace PatchSync.Mail.Notmuch;

/// <summary>
/// pwsync tags as notmuch tags, through the <c>notmuch</c> command (one process per step, never one per
/// message). Reads use <c>notmuch dump</c> (every Message-ID with its tags in one process); a checkpoint
/// is the database UUID + lastmod revision, and a delta read dumps only <c>lastmod:REV+1..</c>. Writes are
/// one <c>notmuch tag --batch</c> per <see cref="ApplyAsync"/>. notmuch's writers (dump included) wait on
/// each other's lock, so every command of this process against one database goes through one semaphore.
/// </summary>
public sealed partial class NotmuchMailStore : IMailStore
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> DatabaseLocks = new(StringComparer.Ordinal);

    private readonly NotmuchStoreOptions _options;
    private readonly OwnedTags _owned;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock;

    /// <summary>The checkpoint of the last read; writes check conflicts against its revision.</summary>
    private NotmuchCheckpoint? _lastRead;

    /// <summary>
    /// Owned tags per Message-ID as last known (the last read's messages, ids looked up by a write, and our
    /// own writes since): these ids exist, and a write knows what each must carry afterwards.
    /// </summary>
    private Dictionary<string, IReadOnlySet<string>> _known = new(StringComparer.Ordinal);

    /// <summary>One shared set per distinct owned-tag set, for <see cref="_known"/>.</summary>
    private TagSetInterner _sets = new();

    /// <summary>
    /// The checkpoint this store can vouch for: the last read's, then the revision after each verified
    /// write; null from the first write it cannot verify until the next read.
    /// </summary>
    private NotmuchCheckpoint? _vouched;

    /// <summary>A store over the notmuch database <paramref name="options"/> names; validates them, runs nothing yet.</summary>
    public NotmuchMailStore(NotmuchStoreOptions options, ILogger<NotmuchMailStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.QueryBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "QueryBatchSize must be at least 1");
        }

        if (options.TagLineIds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "TagLineIds must be at least 1");
        }

        _options = options;
        _owned = new OwnedTags(options.TagPrefix);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var config = options.ConfigPath is null ? null : Path.GetFullPath(options.ConfigPath);
        var key = config ?? Environment.GetEnvironmentVariable("NOTMUCH_CONFIG") ?? "~/.notmuch-config";
        Name = "notmuch://" + key;
        _lock = DatabaseLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public PhaseTimings Timings { get; } = new();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Runs one notmuch command; a non-zero exit not in <paramref name="allowedExitCodes"/> is a <see cref="MailStoreException"/>.</summary>
    private Task<ProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, params int[] allowedExitCodes) =>
        RunAsync(arguments, null, cancellationToken, allowedExitCodes);

    /// <summary>Same, handing stdout to <paramref name="onStdoutLine"/> line by line (when set) instead of returning it.</summary>
    private Task<ProcessResult> RunAsync(IEnumerable<string> arguments, Action<string>? onStdoutLine, CancellationToken cancellationToken, params int[] allowedExitCodes) =>
        RunCoreAsync(arguments, onStdoutLine, null, allowedExitCodes, cancellationToken);

    /// <summary>Same, writing the command's stdin with <paramref name="writeInput"/>.</summary>
    private Task<ProcessResult> RunAsync(IEnumerable<string> arguments, Func<TextWriter, CancellationToken, Task> writeInput, CancellationToken cancellationToken) =>
        RunCoreAsync(arguments, null, writeInput, [], cancellationToken);

    private async Task<ProcessResult> RunCoreAsync(
        IEnumerable<string> arguments, Action<string>? onStdoutLine, Func<TextWriter, CancellationToken, Task>? writeInput, int[] allowedExitCodes, CancellationToken cancellationToken)
    {
        var args = new List<string>();
        if (_options.ConfigPath is not null)
        {
            args.Add("--config=" + _options.ConfigPath);
        }

        args.AddRange(arguments);
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(_options.Executable, args, null, cancellationToken, onStdoutLine, writeInput);
        }
        catch (InvalidOperationException e)
        {
            throw new MailStoreException($"{Name}: {e.Message} (is notmuch installed?)", e);
        }

        Timings.Count("notmuch.processes");
        if (result.ExitCode != 0 && !allowedExitCodes.Contains(result.ExitCode))
        {
            throw new MailStoreException($"{Name}: notmuch {args[_options.ConfigPath is null ? 0 : 1]} failed: {result.FirstErrorLine}");
        }

        return result;
    }

    /// <summary>The database's message count, UUID and current lastmod revision (<c>notmuch count --lastmod '*'</c>).</summary>
    private async Task<NotmuchCheckpoint> CurrentRevisionAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["count", "--lastmod", "*"], cancellationToken);
        var fields = result.Stdout.Trim().Split('\t');
        if (fields.Length != 3 ||
            !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) ||
            !ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            throw new MailStoreException($"{Name}: unexpected output of notmuch count --lastmod: '{result.Stdout.Trim()}'");
        }

        return new NotmuchCheckpoint(fields[1], revision, count);
    }
}

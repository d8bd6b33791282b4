using PatchSync.Core.Diagnostics;

namespace PatchSync.Sync.Tests.Fakes;

/// <summary>
/// An in-memory mail store with notmuch-like revisions: every tag change bumps a revision, the checkpoint
/// is the revision, and a delta read returns what changed after it. Keeps non-pwsync tags to prove they
/// are never touched.
/// </summary>
internal sealed class FakeMailStore : IMailStore
{
    private const string Prefix = "pw-";
    private readonly Dictionary<string, (HashSet<string> Tags, long Revision)> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deleted = new(StringComparer.Ordinal);
    private long _revision;

    public string Name => "fake-mail";

    public PhaseTimings Timings { get; } = new();

    /// <summary>Changes to these Message-IDs come back as conflicts (another client touched them).</summary>
    public HashSet<string> ConflictOn { get; } = new(StringComparer.Ordinal);

    public Exception? Failure { get; set; }

    public int Writes { get; private set; }

    public string Uuid { get; set; } = "db-1";

    /// <summary>Like the real stores: an apply hands back a checkpoint past its own writes when nothing else changed since the read.</summary>
    public bool VouchForOwnWrites { get; set; } = true;

    /// <summary>Runs at the start of every apply: another client acting between pwsync's read and its write.</summary>
    public Action? BeforeApply { get; set; }

    /// <summary>The revision up to which every change is known to the last reader (its read, then its own writes); null once something else changed.</summary>
    private long? _vouchedUpTo;

    public void Add(string messageId, params string[] tags)
    {
        _messages[messageId] = (new HashSet<string>(tags, StringComparer.Ordinal), ++_revision);
        _deleted.Remove(messageId);
    }

    /// <summary>The user (or another client) sets the tags of a message.</summary>
    public void UserTag(string messageId, string[]? add = null, string[]? remove = null)
    {
        var tags = _messages[messageId].Tags;
        tags.ExceptWith(remove ?? []);
        tags.UnionWith(add ?? []);
        _messages[messageId] = (tags, ++_revision);
    }

    public void Delete(string messageId)
    {
        _messages.Remove(messageId);
        _deleted[messageId] = ++_revision;
    }

    public IReadOnlySet<string> TagsOf(string messageId) => _messages[messageId].Tags;

    /// <summary>Every message's tags, sorted, for comparing final states.</summary>
    public string Dump() => string.Join('\n', _messages.OrderBy(m => m.Key, StringComparer.Ordinal)
        .Select(m => m.Key + ": " + string.Join(' ', m.Value.Tags.Order(StringComparer.Ordinal))));

    public Task<MailSnapshot> ReadAsync(MailCheckpoint? since, CancellationToken cancellationToken = default)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        long? from = null;
        if (since is { Kind: "fake" } && since.Value.Split(':') is [var uuid, var rev] && uuid == Uuid)
        {
            from = long.Parse(rev, System.Globalization.CultureInfo.InvariantCulture);
        }

        var messages = _messages
            .Where(m => from is null || m.Value.Revision > from)
            .ToDictionary(
                m => m.Key,
                m => new MailMessage(m.Key, m.Value.Tags.Where(t => t.StartsWith(Prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal), ["fake"], false),
                StringComparer.Ordinal);
        var removed = from is null
            ? new HashSet<string>()
            : _deleted.Where(d => d.Value > from).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var checkpoint = new MailCheckpoint("fake", $"{Uuid}:{_revision}");
        _vouchedUpTo = _revision;
        return Task.FromResult(new MailSnapshot(from is null, messages, removed, checkpoint, []));
    }

    public Task<ApplyResult> ApplyAsync(IReadOnlyList<TagChange> changes, CancellationToken cancellationToken = default)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        BeforeApply?.Invoke();
        Writes++;
        if (_revision != _vouchedUpTo)
        {
            _vouchedUpTo = null;
        }

        var applied = new List<string>();
        var conflicts = new List<string>();
        var notFound = new List<string>();
        foreach (var change in changes)
        {
            if (!_messages.ContainsKey(change.MessageId))
            {
                notFound.Add(change.MessageId);
            }
            else if (ConflictOn.Remove(change.MessageId))
            {
                // Another client changed it right before our write.
                UserTag(change.MessageId, add: ["seen-by-other-client"]);
                conflicts.Add(change.MessageId);
            }
            else
            {
                UserTag(change.MessageId, change.Add.ToArray(), change.Remove.ToArray());
                applied.Add(change.MessageId);
            }
        }

        _vouchedUpTo = _vouchedUpTo is not null && conflicts.Count == 0 ? _revision : null;
        var past = VouchForOwnWrites && _vouchedUpTo is not null ? new MailCheckpoint("fake", $"{Uuid}:{_revision}") : null;
        return Task.FromResult(new ApplyResult(applied, conflicts, notFound, past));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

namespace PatchSync.Server.Ingest;

/// <summary>
/// An <see cref="ISeriesLookup"/> held in memory: what a server would have stored after ingesting
/// earlier batches. <see cref="Record"/> stores a grouping result, giving new series stable keys,
/// so several batches can be ingested in turn (tests, dry runs).
/// </summary>
internal sealed class InMemorySeriesLookup : ISeriesLookup
{
    private readonly Dictionary<string, KnownSeries> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KnownSubmission> _submissions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _seriesOfSubmission = new(StringComparer.Ordinal);
    private readonly HashSet<string> _coverNames = new(StringComparer.Ordinal);

    /// <summary>The stored series by key.</summary>
    public IReadOnlyDictionary<string, KnownSeries> Series => _series;

    /// <summary>The key of the series holding the patch or cover <paramref name="messageId"/>, or null.</summary>
    public string? SeriesKeyOf(string messageId) => _seriesOfSubmission.GetValueOrDefault(messageId);

    /// <summary>Stores a batch; returns the stored key of each series in the result (new keys for "new-N").</summary>
    public IReadOnlyDictionary<string, string> Record(SeriesGroupingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in result.Series)
        {
            var key = group.IsNew ? $"S{_series.Count + 1}" : group.Key;
            keys[group.Key] = key;
            _series[key] = new KnownSeries(
                key, group.Name, group.Version, group.Total, group.Date, group.SubmitterEmail, group.HasCover, [.. group.Numbers]);
            foreach (var reference in group.NewReferences)
            {
                _references.TryAdd(reference, key);
            }

            if (group.Cover is { } cover)
            {
                Store(new KnownSubmission(cover.MessageId, MailKind.Cover, null), key);
                _coverNames.Add(cover.Name);
            }

            foreach (var member in group.Patches)
            {
                Store(new KnownSubmission(member.Mail.MessageId, MailKind.Patch, null), key);
            }
        }

        foreach (var comment in result.Comments)
        {
            _submissions.TryAdd(comment.Mail.MessageId, new KnownSubmission(comment.Mail.MessageId, MailKind.Comment, comment.ParentMessageId));
        }

        return keys;
    }

    /// <inheritdoc />
    public ValueTask<KnownSeries?> FindSeriesByReferenceAsync(string messageId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_references.TryGetValue(messageId, out var key) ? _series[key] : null);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<KnownSeries>> FindSeriesByMarkersAsync(
        string submitterEmail, int version, int total, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<KnownSeries>>(
        [
            .. _series.Values.Where(s => s.Version == version && s.Total == total && s.Date >= from && s.Date <= to
                && string.Equals(s.SubmitterEmail, submitterEmail, StringComparison.OrdinalIgnoreCase)),
        ]);

    /// <inheritdoc />
    public ValueTask<KnownSubmission?> FindSubmissionAsync(string messageId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_submissions.GetValueOrDefault(messageId));

    /// <inheritdoc />
    public ValueTask<bool> CoverNameExistsAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_coverNames.Contains(name));

    private void Store(KnownSubmission submission, string seriesKey)
    {
        _submissions.TryAdd(submission.MessageId, submission);
        _seriesOfSubmission.TryAdd(submission.MessageId, seriesKey);
    }
}

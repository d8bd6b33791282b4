namespace PatchSync.Server.Ingest;

/// <summary>
/// Places the patches, cover letters and comments of one ingest batch (in arrival order) into
/// series and threads, following Patchwork's parser so a server shows the same series:
/// <list type="bullet">
/// <item>A numbered patch joins the series that its own Message-ID or one of its thread references
/// was recorded for, when the totals agree and so do the versions (a patch without a "vN" prefix
/// may join any version: "[PATCH 1/4]" under "[PATCH v3 0/4]"); a new version sent in reply to the
/// old one is therefore a new series. Without such a reference it joins a series from the same
/// sender with the same version and total sent within 20 minutes. If its number is already taken
/// it starts a new series. An unnumbered patch is a series of one.</item>
/// <item>A cover letter joins the series its Message-ID was recorded for (its patches arrived
/// first), else starts one. A threaded cover repeating the name of a cover already placed is a
/// resend and is taken as a reply.</item>
/// <item>A comment belongs to the patch or cover its In-Reply-To names, else to the nearest
/// References entry that is one; a reply to a comment belongs to that comment's parent. A reply
/// to nothing known is skipped.</item>
/// <item>A mail already stored, or repeated within the batch, is skipped.</item>
/// </list>
/// </summary>
internal sealed class SeriesGrouping
{
    /// <summary>How far apart unthreaded mails of one series may be sent (Patchwork's SERIES_DELAY_INTERVAL).</summary>
    public static readonly TimeSpan MarkerWindow = TimeSpan.FromMinutes(20);

    private readonly ISeriesLookup _lookup;
    private readonly List<BatchSeries> _series = [];
    private readonly Dictionary<string, BatchSeries> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchSeries> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KnownSubmission> _submissions = new(StringComparer.Ordinal);

    // Indexes so a batch of a million mails stays linear: series by (sender, version, total), and
    // the names of the cover letters placed so far.
    private readonly Dictionary<(string Email, int Version, int Total), List<BatchSeries>> _byMarkers = [];
    private readonly HashSet<string> _coverNames = new(StringComparer.Ordinal);
    private readonly List<CommentPlacement> _comments = [];
    private readonly List<SkippedMail> _skipped = [];
    private int _newSeries;

    private SeriesGrouping(ISeriesLookup lookup) => _lookup = lookup;

    /// <summary>Groups <paramref name="mails"/> (one batch, arrival order) against what <paramref name="lookup"/> knows.</summary>
    public static async Task<SeriesGroupingResult> GroupAsync(
        IEnumerable<ParsedMail> mails, ISeriesLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mails);
        ArgumentNullException.ThrowIfNull(lookup);
        var grouping = new SeriesGrouping(lookup);
        foreach (var mail in mails)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await grouping.AddAsync(mail, cancellationToken);
        }

        return new SeriesGroupingResult([.. grouping._series.Select(s => s.ToGroup())], grouping._comments, grouping._skipped);
    }

    private async Task AddAsync(ParsedMail mail, CancellationToken cancellationToken)
    {
        if (_submissions.ContainsKey(mail.MessageId))
        {
            _skipped.Add(new SkippedMail(mail, "duplicate Message-ID in this batch"));
            return;
        }

        if (await _lookup.FindSubmissionAsync(mail.MessageId, cancellationToken) is not null)
        {
            _skipped.Add(new SkippedMail(mail, "already ingested (same Message-ID)") { AlreadyStored = true });
            return;
        }

        switch (mail.Kind)
        {
            case MailKind.Patch:
                await AddPatchAsync(mail, cancellationToken);
                break;
            case MailKind.Cover when !await IsRepeatedCoverAsync(mail, cancellationToken):
                await AddCoverAsync(mail, cancellationToken);
                break;
            default:
                await AddCommentAsync(mail, cancellationToken);
                break;
        }
    }

    private async Task AddPatchAsync(ParsedMail mail, CancellationToken cancellationToken)
    {
        var (number, total) = mail.Total is { } n ? (mail.Number ?? 1, n) : (1, 1);
        var series = mail.Total is null ? null
            : await FindByReferencesAsync(mail, total, cancellationToken) ?? await FindByMarkersAsync(mail, number, total, cancellationToken);
        if (series is null || series.Numbers.Contains(number))
        {
            series = await CreateAsync(mail, total, [.. mail.References, mail.MessageId], cancellationToken);
        }

        series.AddPatch(mail, number);
        _submissions[mail.MessageId] = new KnownSubmission(mail.MessageId, MailKind.Patch, null);
    }

    // A threaded cover whose name a cover already has is a resend: Patchwork files it as a comment.
    private async Task<bool> IsRepeatedCoverAsync(ParsedMail mail, CancellationToken cancellationToken) =>
        mail.References.Count > 0
        && (_coverNames.Contains(mail.Name) || await _lookup.CoverNameExistsAsync(mail.Name, cancellationToken));

    private async Task AddCoverAsync(ParsedMail mail, CancellationToken cancellationToken)
    {
        // A cover starts its thread, so only patches that arrived earlier can have recorded it.
        var series = await SeriesForReferenceAsync(mail.MessageId, cancellationToken);
        if (series is null || series.Cover is not null || series.HadCover)
        {
            series = await CreateAsync(mail, mail.Total ?? 0, [mail.MessageId], cancellationToken);
        }

        series.AddCover(mail);
        _coverNames.Add(mail.Name);
        _submissions[mail.MessageId] = new KnownSubmission(mail.MessageId, MailKind.Cover, null);
    }

    private async Task AddCommentAsync(ParsedMail mail, CancellationToken cancellationToken)
    {
        foreach (var reference in mail.References)
        {
            var known = _submissions.GetValueOrDefault(reference) ?? await _lookup.FindSubmissionAsync(reference, cancellationToken);
            if (known is null)
            {
                continue;
            }

            var parent = known.Kind == MailKind.Comment
                ? known.ParentMessageId is { } p ? _submissions.GetValueOrDefault(p) ?? await _lookup.FindSubmissionAsync(p, cancellationToken) : null
                : known;
            if (parent is null || parent.Kind == MailKind.Comment)
            {
                continue;
            }

            _comments.Add(new CommentPlacement(mail, parent.MessageId, parent.Kind));
            _submissions[mail.MessageId] = new KnownSubmission(mail.MessageId, MailKind.Comment, parent.MessageId);
            return;
        }

        _skipped.Add(new SkippedMail(mail, "reply to a mail that is not a known patch or cover letter"));
    }

    private async Task<BatchSeries?> FindByReferencesAsync(ParsedMail mail, int total, CancellationToken cancellationToken)
    {
        foreach (var reference in mail.References.Prepend(mail.MessageId))
        {
            var series = await SeriesForReferenceAsync(reference, cancellationToken);
            // Only a "vN" prefix is firm: "[PATCH 1/4]" joins its "[PATCH v3 0/4]" cover and
            // "[PATCH 2/9] ... (v2)" its v1 thread, as on a real server; "[PATCH v2 1/3]" does not.
            var versionAgrees = series?.Version == mail.Version || !SubjectCleaner.HasVersionPrefix(mail.Prefixes);
            if (series is not null && versionAgrees && series.Total == total)
            {
                return series;
            }
        }

        return null;
    }

    private async Task<BatchSeries?> FindByMarkersAsync(ParsedMail mail, int number, int total, CancellationToken cancellationToken)
    {
        var (from, to) = (mail.Date - MarkerWindow, mail.Date + MarkerWindow);
        var candidates = _byMarkers.GetValueOrDefault(MarkerKey(mail.SubmitterEmail, mail.Version, total), [])
            .Where(s => s.Date >= from && s.Date <= to)
            .ToList();
        foreach (var known in await _lookup.FindSeriesByMarkersAsync(mail.SubmitterEmail, mail.Version, total, from, to, cancellationToken))
        {
            var series = Track(known);
            if (!candidates.Contains(series))
            {
                candidates.Add(series);
            }
        }

        // Several candidates: the newest one that still lacks this number (Patchwork's last resort).
        return candidates.Count <= 1 ? candidates.FirstOrDefault()
            : candidates.OrderByDescending(s => s.Date).FirstOrDefault(s => !s.Numbers.Contains(number));
    }

    private async Task<BatchSeries?> SeriesForReferenceAsync(string messageId, CancellationToken cancellationToken)
    {
        if (_references.TryGetValue(messageId, out var series))
        {
            return series;
        }

        var known = await _lookup.FindSeriesByReferenceAsync(messageId, cancellationToken);
        return known is null ? null : Track(known);
    }

    private BatchSeries Track(KnownSeries known)
    {
        if (!_byKey.TryGetValue(known.Key, out var series))
        {
            series = BatchSeries.FromKnown(known);
            Add(series);
        }

        return series;
    }

    private static (string, int, int) MarkerKey(string email, int version, int total) => (email.ToUpperInvariant(), version, total);

    private void Add(BatchSeries series)
    {
        _byKey[series.Key] = series;
        _series.Add(series);
        var key = MarkerKey(series.SubmitterEmail, series.Version, series.Total);
        if (!_byMarkers.TryGetValue(key, out var list))
        {
            _byMarkers[key] = list = [];
        }

        list.Add(series);
    }

    private async Task<BatchSeries> CreateAsync(ParsedMail mail, int total, IEnumerable<string> references, CancellationToken cancellationToken)
    {
        var series = new BatchSeries
        {
            Key = $"new-{++_newSeries}",
            IsNew = true,
            Version = mail.Version,
            Total = total,
            Date = mail.Date,
            SubmitterEmail = mail.SubmitterEmail,
            SubmitterName = mail.SubmitterName,
        };
        Add(series);

        // Record the thread so later (or earlier-numbered, late-arriving) mails find this series;
        // a reference some series already owns stays with it (a v2 sent in reply to v1).
        foreach (var reference in references.Distinct(StringComparer.Ordinal))
        {
            if (!_references.ContainsKey(reference) && await _lookup.FindSeriesByReferenceAsync(reference, cancellationToken) is null)
            {
                _references[reference] = series;
                series.NewReferences.Add(reference);
            }
        }

        return series;
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Stores;
using PatchSync.Server.Data.Writing;
using PatchSync.Server.Ingest;

namespace PatchSync.Server.Importing;

/// <summary>
/// Stores mails into a project: reads them (<see cref="MailSource"/>), parses them
/// (<see cref="MailParser"/>), places them in series and threads (<see cref="SeriesGrouping"/>) and
/// writes each batch in one transaction with its counts and events. Re-ingesting the same mails
/// stores nothing new (dedupe by Message-ID). A mail that cannot be read or parsed is skipped with
/// its reason written to <c>log</c>, and the batch goes on.
/// </summary>
internal sealed class MailImporter(Database database, TimeProvider clock)
{
    public const int BatchSize = 2000;

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Time spent reading and parsing mails, grouping them into series, and writing (cumulative).</summary>
    public ImportTimings Timings { get; } = new();

    /// <summary>The tables an import writes rows into (vacuumed and analyzed after it on PostgreSQL).</summary>
    private static readonly string[] ImportedTables = ["patches", "patch_bodies", "covers", "cover_bodies", "comments", "series", "events", "people"];

    public async Task<ImportSummary> ImportAsync(string projectLinkname, IReadOnlyList<string> paths, TextWriter log, CancellationToken cancellationToken)
    {
        var project = await new ProjectStore(database).FindAsync(projectLinkname, cancellationToken)
            ?? throw new DataException($"no project '{projectLinkname}'");
        foreach (var path in paths.Where(p => p != MailSource.StandardInput && !File.Exists(p) && !Directory.Exists(p)))
        {
            throw new DataException($"no such file or maildir: {path}");
        }

        var parser = new MailParser(new MailParserOptions
        {
            DropPrefixes = [project.Linkname],
            ListEmail = string.IsNullOrEmpty(project.ListEmail) ? null : project.ListEmail,
            Time = clock,
        });

        // Reading and parsing (CPU in MimeKit and the parser) overlaps with storing the previous
        // batch: one producer, one consumer, at most two batches waiting.
        var output = TextWriter.Synchronized(log);
        var batches = Channel.CreateBounded<List<ParsedMail>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ReadAsync(parser, paths, batches.Writer, output, stop.Token), stop.Token);
        var summary = ImportSummary.Empty;
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                summary = summary.Add(await StoreBatchAsync(project.Id, batch, output, stop.Token));
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            await Task.WhenAny(producer);
        }

        var (read, skipped) = await producer;

        // Outside the batches' transactions: the visibility map for index-only list reads, and statistics.
        await TableMaintenance.VacuumAnalyzeAsync(database, ImportedTables, cancellationToken);
        return summary with { Skipped = summary.Skipped + skipped, Mails = read };
    }

    /// <summary>Reads and parses every mail into batches; returns how many mails were read and how many could not be read or parsed.</summary>
    private async Task<(int Read, int Skipped)> ReadAsync(
        MailParser parser, IReadOnlyList<string> paths, ChannelWriter<List<ParsedMail>> writer, TextWriter log, CancellationToken cancellationToken)
    {
        var skipped = 0;
        var read = 0;
        var batch = new List<ParsedMail>(BatchSize);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            foreach (var path in paths)
            {
                await foreach (var sourced in MailSource.ReadAsync(path, cancellationToken))
                {
                    read++;
                    if (!sourced.IsOk)
                    {
                        skipped++;
                        await log.WriteLineAsync($"skipped {sourced.Origin}: {sourced.Error}");
                        continue;
                    }

                    var parsed = parser.Parse(sourced.Message!);
                    if (parsed.IsSkipped)
                    {
                        skipped++;
                        await log.WriteLineAsync($"skipped {sourced.Origin}: {parsed.SkipReason}");
                        continue;
                    }

                    batch.Add(parsed.Mail!);
                    if (batch.Count >= BatchSize)
                    {
                        Timings.Read += System.Diagnostics.Stopwatch.GetElapsedTime(start);
                        await writer.WriteAsync(batch, cancellationToken);
                        batch = new List<ParsedMail>(BatchSize);
                        start = System.Diagnostics.Stopwatch.GetTimestamp();
                    }
                }
            }

            Timings.Read += System.Diagnostics.Stopwatch.GetElapsedTime(start);
            if (batch.Count > 0)
            {
                await writer.WriteAsync(batch, cancellationToken);
            }

            writer.Complete();
            return (read, skipped);
        }
        catch (Exception e)
        {
            writer.Complete(e);
            throw;
        }
    }

    private async Task<ImportSummary> StoreBatchAsync(long projectId, IReadOnlyList<ParsedMail> mails, TextWriter log, CancellationToken cancellationToken)
    {
        var groupStart = System.Diagnostics.Stopwatch.GetTimestamp();
        SeriesGroupingResult grouping;
        await using (var readConnection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var lookupForGrouping = new DbSeriesLookup(readConnection, projectId);
            grouping = await SeriesGrouping.GroupAsync(mails, lookupForGrouping, cancellationToken);
        }

        Timings.Group += System.Diagnostics.Stopwatch.GetElapsedTime(groupStart);
        var writeStart = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var skip in grouping.Skipped)
        {
            await log.WriteLineAsync($"skipped <{skip.Mail.MessageId}>: {skip.Reason}");
        }

        await using var batch = await WriteBatch.BeginAsync(database, projectId, cancellationToken);
        var now = DbTime.Now(clock);
        var patchIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var coverIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var newSeries = 0;
        foreach (var group in grouping.Series)
        {
            long seriesId;
            long receivedBefore = 0;
            if (group.IsNew)
            {
                var submitter = await batch.PersonAsync(group.SubmitterName, group.SubmitterEmail, cancellationToken);
                seriesId = await batch.AddSeriesAsync(group.Name ?? "", DbTime.ToMicros(group.Date), submitter, group.Version, group.Total, cancellationToken);
                await batch.EventAsync("series-created", now, seriesId: seriesId, cancellationToken: cancellationToken);
                newSeries++;
            }
            else
            {
                seriesId = long.Parse(group.Key, CultureInfo.InvariantCulture);
                receivedBefore = await batch.ReceivedTotalAsync(seriesId, cancellationToken);
            }

            long? coverId = null;
            if (group.Cover is { } cover)
            {
                coverId = await batch.AddCoverAsync(Submission(cover, await batch.PersonAsync(cover.SubmitterName, cover.SubmitterEmail, cancellationToken)) with { SeriesId = seriesId }, cancellationToken);
                coverIds[cover.MessageId] = coverId.Value;
                await batch.EventAsync("cover-created", now, coverId: coverId, cancellationToken: cancellationToken);
            }

            foreach (var member in group.Patches)
            {
                var mail = member.Mail;
                var submitter = await batch.PersonAsync(mail.SubmitterName, mail.SubmitterEmail, cancellationToken);
                var id = await batch.AddPatchAsync(
                    new NewPatch(Submission(mail, submitter))
                    {
                        Hash = mail.Hash,
                        PullUrl = mail.PullUrl,
                        SeriesId = seriesId,
                        SeriesNumber = member.Number,
                        PrefixesJson = JsonSerializer.Serialize(mail.Prefixes, JsonOptions),
                        Diff = mail.Diff,
                    },
                    now,
                    cancellationToken);
                patchIds[mail.MessageId] = id;
            }

            foreach (var reference in group.NewReferences)
            {
                await batch.AddSeriesReferenceAsync(seriesId, DbSeriesLookup.Bracket(reference), cancellationToken);
            }

            await batch.UpdateSeriesAsync(seriesId, group.Patches.Count, group.Total, group.Name ?? "", coverId, cancellationToken);
            if (group.IsComplete && receivedBefore < group.Total && group.Patches.Count > 0)
            {
                await batch.EventAsync("series-completed", now, seriesId: seriesId, cancellationToken: cancellationToken);
            }
        }

        await using var lookup = new DbSeriesLookup(batch.Connection, projectId, batch.Transaction);
        var comments = 0;
        foreach (var placement in grouping.Comments)
        {
            var isPatch = placement.ParentKind == MailKind.Patch;
            var parentId = isPatch
                ? patchIds.TryGetValue(placement.ParentMessageId, out var p) ? p : await lookup.SubmissionIdAsync(true, placement.ParentMessageId, cancellationToken)
                : coverIds.TryGetValue(placement.ParentMessageId, out var c) ? c : await lookup.SubmissionIdAsync(false, placement.ParentMessageId, cancellationToken);
            if (parentId is null)
            {
                await log.WriteLineAsync($"skipped <{placement.Mail.MessageId}>: parent <{placement.ParentMessageId}> not found");
                continue;
            }

            var mail = placement.Mail;
            var submission = Submission(mail, await batch.PersonAsync(mail.SubmitterName, mail.SubmitterEmail, cancellationToken)) with
            {
                Name = mail.Subject,
                PatchId = isPatch ? parentId : null,
                CoverId = isPatch ? null : parentId,
            };
            var commentId = await batch.AddCommentAsync(submission, cancellationToken);
            await batch.EventAsync(
                isPatch ? "patch-comment-created" : "cover-comment-created",
                now,
                patchId: isPatch ? parentId : null,
                coverId: isPatch ? null : parentId,
                commentId: commentId,
                cancellationToken: cancellationToken);
            comments++;
        }

        await batch.CommitAsync(cancellationToken);
        Timings.Write += System.Diagnostics.Stopwatch.GetElapsedTime(writeStart);
        return new ImportSummary(grouping.PatchCount, grouping.CoverCount, comments, grouping.Skipped.Count + (grouping.Comments.Count - comments), newSeries)
        {
            AlreadyStored = grouping.Skipped.Count(s => s.AlreadyStored),
        };
    }

    private static NewSubmission Submission(ParsedMail mail, long submitterId) => new()
    {
        Msgid = DbSeriesLookup.Bracket(mail.MessageId),
        Date = DbTime.ToMicros(mail.Date),
        Name = mail.Name,
        SubmitterId = submitterId,
        HeadersJson = HeadersJson(mail),
        Content = mail.Content,
    };

    private static string HeadersJson(ParsedMail mail) => JsonSerializer.Serialize(mail.HeaderMap(), JsonOptions);
}

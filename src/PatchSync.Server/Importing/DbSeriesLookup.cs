using System.Data.Common;
using PatchSync.Server.Data;
using PatchSync.Server.Data.Writing;
using PatchSync.Server.Ingest;

namespace PatchSync.Server.Importing;

/// <summary>
/// What earlier ingests stored in one project, answered from the database for
/// <see cref="SeriesGrouping"/> with statements prepared once per batch (it asks for every mail).
/// Message-IDs are passed without brackets and stored with them.
/// </summary>
internal sealed class DbSeriesLookup : ISeriesLookup, IAsyncDisposable
{
    private readonly long _projectId;
    private readonly PreparedCommand _submission;
    private readonly PreparedCommand _byReference;
    private readonly PreparedCommand _byMarkers;
    private readonly PreparedCommand _series;
    private readonly PreparedCommand _numbers;
    private readonly PreparedCommand _submissionId;

    public DbSeriesLookup(DbConnection connection, long projectId, DbTransaction? transaction = null)
    {
        _projectId = projectId;

        // One round trip for the three kinds: most mails of an ingest are new, so all three miss.
        _submission = new(connection, transaction,
            """
            SELECT 1, NULL FROM patches WHERE project_id = @p AND msgid = @m
            UNION ALL SELECT 2, NULL FROM covers WHERE project_id = @p AND msgid = @m
            UNION ALL SELECT 3, COALESCE(pa.msgid, co.msgid) FROM comments c
                LEFT JOIN patches pa ON pa.id = c.patch_id LEFT JOIN covers co ON co.id = c.cover_id
                WHERE c.project_id = @p AND c.msgid = @m
            """,
            "@p", "@m");
        _byReference = new(connection, transaction, "SELECT series_id FROM series_references WHERE project_id = @p AND msgid = @m", "@p", "@m");
        _byMarkers = new(connection, transaction,
            """
            SELECT se.id FROM series se JOIN people pe ON pe.id = se.submitter_id
            WHERE se.project_id = @p AND pe.email_lower = @e AND se.version = @v AND se.total = @t AND se.date >= @f AND se.date <= @u
            ORDER BY se.id
            """,
            "@p", "@e", "@v", "@t", "@f", "@u");
        _series = new(connection, transaction,
            "SELECT se.name, se.version, se.total, se.date, pe.email, se.cover_id FROM series se JOIN people pe ON pe.id = se.submitter_id WHERE se.id = @s",
            "@s");
        _numbers = new(connection, transaction, "SELECT series_number FROM patches WHERE series_id = @s AND series_number IS NOT NULL", "@s");
        _submissionId = new(connection, transaction,
            "SELECT id FROM patches WHERE project_id = @p AND msgid = @m UNION ALL SELECT -id FROM covers WHERE project_id = @p AND msgid = @m",
            "@p", "@m");
    }

    public async ValueTask<KnownSeries?> FindSeriesByReferenceAsync(string messageId, CancellationToken cancellationToken)
    {
        var id = await _byReference.ScalarAsync(cancellationToken, _projectId, Bracket(messageId));
        return id == 0 ? null : await LoadAsync(id, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<KnownSeries>> FindSeriesByMarkersAsync(
        string submitterEmail, int version, int total, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using (var reader = await _byMarkers.ReaderAsync(
            cancellationToken, _projectId, submitterEmail.ToLowerInvariant(), (long)version, (long)total, DbTime.ToMicros(from), DbTime.ToMicros(to)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var result = new List<KnownSeries>();
        foreach (var id in ids)
        {
            if (await LoadAsync(id, cancellationToken) is { } series)
            {
                result.Add(series);
            }
        }

        return result;
    }

    public async ValueTask<KnownSubmission?> FindSubmissionAsync(string messageId, CancellationToken cancellationToken)
    {
        await using var reader = await _submission.ReaderAsync(cancellationToken, _projectId, Bracket(messageId));
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return reader.GetInt64(0) switch
        {
            1 => new KnownSubmission(messageId, MailKind.Patch, null),
            2 => new KnownSubmission(messageId, MailKind.Cover, null),
            _ when !reader.IsDBNull(1) => new KnownSubmission(messageId, MailKind.Comment, reader.GetString(1).Trim('<', '>')),
            _ => null,
        };
    }

    /// <summary>The id of the stored patch (<paramref name="patch"/>) or cover with this Message-ID (no brackets), or null.</summary>
    public async Task<long?> SubmissionIdAsync(bool patch, string messageId, CancellationToken cancellationToken)
    {
        await using var reader = await _submissionId.ReaderAsync(cancellationToken, _projectId, Bracket(messageId));
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (patch == id > 0)
            {
                return Math.Abs(id);
            }
        }

        return null;
    }

    public static string Bracket(string messageId) => "<" + messageId.Trim('<', '>') + ">";

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _submission, _byReference, _byMarkers, _series, _numbers, _submissionId })
        {
            await command.DisposeAsync();
        }
    }

    private async Task<KnownSeries?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        string name, email;
        long version, total, date;
        bool hasCover;
        await using (var reader = await _series.ReaderAsync(cancellationToken, id))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (name, version, total, date, email, hasCover) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), !reader.IsDBNull(5));
        }

        var numbers = new List<int>();
        await using (var reader = await _numbers.ReaderAsync(cancellationToken, id))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                numbers.Add((int)reader.GetInt64(0));
            }
        }

        return new KnownSeries(
            id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(name) ? null : name,
            (int)version,
            (int)total,
            DbTime.FromMicros(date),
            email,
            hasCover,
            numbers);
    }
}

using System.Data.Common;
using Dapper;
using PatchSync.Server.Data;
using PatchSync.Server.Ingest;

namespace PatchSync.Server.Importing;

/// <summary>
/// What earlier ingests stored in one project, answered from the database for
/// <see cref="SeriesGrouping"/>. Message-IDs are passed without brackets and stored with them.
/// </summary>
public sealed class DbSeriesLookup(DbConnection connection, long projectId) : ISeriesLookup
{
    public async ValueTask<KnownSeries?> FindSeriesByReferenceAsync(string messageId, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT series_id FROM series_references WHERE project_id = @projectId AND msgid = @msgid",
            new { projectId, msgid = Bracket(messageId) },
            cancellationToken: cancellationToken));
        return id is { } seriesId ? await LoadAsync(seriesId, cancellationToken) : null;
    }

    public async ValueTask<IReadOnlyList<KnownSeries>> FindSeriesByMarkersAsync(
        string submitterEmail, int version, int total, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT se.id FROM series se JOIN people pe ON pe.id = se.submitter_id
            WHERE se.project_id = @projectId AND pe.email_lower = @email AND se.version = @version AND se.total = @total
              AND se.date >= @from AND se.date <= @to
            ORDER BY se.id
            """,
            new { projectId, email = submitterEmail.ToLowerInvariant(), version = (long)version, total = (long)total, from = DbTime.ToMicros(from), to = DbTime.ToMicros(to) },
            cancellationToken: cancellationToken));
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
        // One round trip for the three kinds: most mails of an ingest are new, so all three miss.
        var found = await connection.QueryFirstOrDefaultAsync<SubmissionKind>(new CommandDefinition(
            """
            SELECT 1 AS kind, NULL AS parent FROM patches WHERE project_id = @projectId AND msgid = @msgid
            UNION ALL SELECT 2, NULL FROM covers WHERE project_id = @projectId AND msgid = @msgid
            UNION ALL SELECT 3, COALESCE(p.msgid, c.msgid) FROM comments m
                LEFT JOIN patches p ON p.id = m.patch_id LEFT JOIN covers c ON c.id = m.cover_id
                WHERE m.project_id = @projectId AND m.msgid = @msgid
            """,
            new { projectId, msgid = Bracket(messageId) },
            cancellationToken: cancellationToken));
        return found?.Kind switch
        {
            1 => new KnownSubmission(messageId, MailKind.Patch, null),
            2 => new KnownSubmission(messageId, MailKind.Cover, null),
            3 when found.Parent is not null => new KnownSubmission(messageId, MailKind.Comment, found.Parent.Trim('<', '>')),
            _ => null,
        };
    }

    /// <summary>The id of the stored patch or cover with this Message-ID (no brackets), or null.</summary>
    public Task<long?> SubmissionIdAsync(string table, string messageId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT id FROM {table} WHERE project_id = @projectId AND msgid = @msgid",
            new { projectId, msgid = Bracket(messageId) },
            cancellationToken: cancellationToken));

    public static string Bracket(string messageId) => "<" + messageId.Trim('<', '>') + ">";

    private async Task<KnownSeries?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var row = await connection.QueryFirstOrDefaultAsync<SeriesInfo>(new CommandDefinition(
            "SELECT se.name, se.version, se.total, se.date, pe.email, se.cover_id FROM series se JOIN people pe ON pe.id = se.submitter_id WHERE se.id = @id",
            new { id },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var numbers = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT series_number FROM patches WHERE series_id = @id AND series_number IS NOT NULL", new { id }, cancellationToken: cancellationToken));
        return new KnownSeries(
            id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(row.Name) ? null : row.Name,
            (int)row.Version,
            (int)row.Total,
            DbTime.FromMicros(row.Date),
            row.Email,
            row.CoverId is not null,
            numbers.Select(n => (int)n).ToList());
    }

    private sealed class SeriesInfo
    {
        public string Name { get; init; } = "";

        public long Version { get; init; }

        public long Total { get; init; }

        public long Date { get; init; }

        public string Email { get; init; } = "";

        public long? CoverId { get; init; }
    }

    private sealed class SubmissionKind
    {
        public long Kind { get; init; }

        public string? Parent { get; init; }
    }
}

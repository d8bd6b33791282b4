using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PatchSync.Server.Data.Stores;

namespace PatchSync.Server.Data.Writing;

/// <summary>
/// One transaction of bulk writes into one project (ingest, benchmark data): prepared statements,
/// people cached by address, and the counts/row counts/change counter accumulated in memory and
/// written at <see cref="CommitAsync"/>, in the same transaction as the rows.
/// </summary>
internal sealed class WriteBatch : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly long _projectId;
    private readonly Dictionary<string, long> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<(long State, bool Archived), long> _patchCounts = [];
    private readonly Dictionary<string, long> _rowCounts = new(StringComparer.Ordinal);
    private readonly PreparedCommand _findPerson;
    private readonly PreparedCommand _insertPerson;
    private readonly PreparedCommand _insertPatch;
    private readonly PreparedCommand _insertPatchBody;
    private readonly PreparedCommand _insertEvent;
    private readonly PreparedCommand _insertSeries;
    private readonly PreparedCommand _insertCover;
    private readonly PreparedCommand _insertCoverBody;
    private readonly PreparedCommand _insertComment;
    private readonly PreparedCommand _insertSeriesReference;
    private readonly PreparedCommand _receivedTotal;
    private readonly PreparedCommand _updateSeries;
    private readonly bool _ownsTransaction;
    private bool _committed;

    private WriteBatch(DbConnection connection, DbTransaction transaction, long projectId, bool ownsTransaction = true)
    {
        _connection = connection;
        _transaction = transaction;
        _projectId = projectId;
        _ownsTransaction = ownsTransaction;
        _findPerson = new(connection, transaction, "SELECT id FROM people WHERE email_lower = @e", "@e");
        _insertPerson = new(connection, transaction,
            "INSERT INTO people (name, email, email_lower, user_id) VALUES (@n, @e, @l, (SELECT MIN(id) FROM users WHERE lower(email) = @l)) RETURNING id",
            "@n", "@e", "@l");
        _insertPatch = new(connection, transaction,
            """
            INSERT INTO patches (project_id, msgid, date, name, submitter_id, state_id, archived, hash, pull_url, series_id, series_number, prefixes)
            VALUES (@p, @m, @d, @n, @s, @st, @a, @h, @u, @se, @sn, @px) RETURNING id
            """,
            "@p", "@m", "@d", "@n", "@s", "@st", "@a", "@h", "@u", "@se", "@sn", "@px");
        _insertPatchBody = new(connection, transaction,
            "INSERT INTO patch_bodies (patch_id, headers, content, diff) VALUES (@i, @h, @c, @d)", "@i", "@h", "@c", "@d");
        _insertEvent = new(connection, transaction,
            "INSERT INTO events (project_id, category, date, patch_id, cover_id, series_id, comment_id) VALUES (@p, @c, @d, @pa, @co, @se, @cm)",
            "@p", "@c", "@d", "@pa", "@co", "@se", "@cm");
        _insertSeries = new(connection, transaction,
            "INSERT INTO series (project_id, name, date, submitter_id, version, total, received_total) VALUES (@p, @n, @d, @s, @v, @t, 0) RETURNING id",
            "@p", "@n", "@d", "@s", "@v", "@t");
        _insertCover = new(connection, transaction,
            "INSERT INTO covers (project_id, msgid, date, name, submitter_id, series_id) VALUES (@p, @m, @d, @n, @s, @se) RETURNING id",
            "@p", "@m", "@d", "@n", "@s", "@se");
        _insertCoverBody = new(connection, transaction,
            "INSERT INTO cover_bodies (cover_id, headers, content) VALUES (@i, @h, @c)", "@i", "@h", "@c");
        _insertComment = new(connection, transaction,
            """
            INSERT INTO comments (project_id, patch_id, cover_id, msgid, date, subject, submitter_id, content, headers)
            VALUES (@p, @pa, @co, @m, @d, @n, @s, @c, @h) RETURNING id
            """,
            "@p", "@pa", "@co", "@m", "@d", "@n", "@s", "@c", "@h");
        _insertSeriesReference = new(connection, transaction,
            "INSERT INTO series_references (project_id, msgid, series_id) VALUES (@p, @m, @s) ON CONFLICT (project_id, msgid) DO NOTHING",
            "@p", "@m", "@s");
        _receivedTotal = new(connection, transaction, "SELECT received_total FROM series WHERE id = @s", "@s");
        _updateSeries = new(connection, transaction,
            "UPDATE series SET received_total = received_total + @a, total = @t, name = @n, cover_id = COALESCE(@c, cover_id) WHERE id = @s",
            "@a", "@t", "@n", "@c", "@s");
    }

    public DbConnection Connection => _connection;

    public DbTransaction Transaction => _transaction;

    public long ProjectId => _projectId;

    public static async Task<WriteBatch> BeginAsync(Database database, long projectId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return new WriteBatch(connection, transaction, projectId);
    }

    /// <summary>
    /// A batch inside a longer transaction the caller owns (<see cref="BulkLoad"/>): its
    /// <see cref="CommitAsync"/> writes the counts but leaves the commit to the owner.
    /// </summary>
    internal static WriteBatch Within(DbConnection connection, DbTransaction transaction, long projectId) =>
        new(connection, transaction, projectId, ownsTransaction: false);

    /// <summary>The person sending from <paramref name="email"/> (case-insensitive), created on first sight.</summary>
    public async Task<long> PersonAsync(string? name, string email, CancellationToken cancellationToken)
    {
        var lower = email.Trim().ToLowerInvariant();
        if (_people.TryGetValue(lower, out var id))
        {
            return id;
        }

        id = await _findPerson.ScalarAsync(cancellationToken, lower);
        if (id == 0)
        {
            id = await _insertPerson.ScalarAsync(cancellationToken, name ?? "", email.Trim(), lower);
        }

        _people[lower] = id;
        return id;
    }

    /// <summary>Stores a patch and its body, counts it, and writes its <c>patch-created</c> event.</summary>
    public async Task<long> AddPatchAsync(NewPatch patch, long eventDate, CancellationToken cancellationToken)
    {
        var id = await _insertPatch.ScalarAsync(
            cancellationToken,
            _projectId, patch.Msgid, patch.Date, patch.Name, patch.SubmitterId, patch.StateId, patch.Archived ? 1L : 0L,
            patch.Hash, patch.PullUrl, patch.SeriesId, patch.SeriesNumber is { } n ? (long)n : null, patch.PrefixesJson);
        await _insertPatchBody.ExecuteAsync(cancellationToken, id, patch.HeadersJson, patch.Content, patch.Diff);
        var key = (patch.StateId, patch.Archived);
        _patchCounts[key] = _patchCounts.GetValueOrDefault(key) + 1;
        await EventAsync("patch-created", eventDate, patchId: id, cancellationToken: cancellationToken);
        return id;
    }

    /// <summary>
    /// Stores many patches at once, each with its body, count and <c>patch-created</c> event, and
    /// returns their ids in order. On PostgreSQL the ids are reserved from the identity sequence in one
    /// statement and the rows go in by binary COPY (three streams: patches, bodies, events) instead
    /// of three INSERT round trips per patch; elsewhere this is <see cref="AddPatchAsync"/> in a loop.
    /// </summary>
    public async Task<IReadOnlyList<long>> AddPatchesAsync(IReadOnlyList<NewPatch> patches, long eventDate, CancellationToken cancellationToken)
    {
        if (_connection is not NpgsqlConnection postgres)
        {
            var added = new List<long>(patches.Count);
            foreach (var patch in patches)
            {
                added.Add(await AddPatchAsync(patch, eventDate, cancellationToken));
            }

            return added;
        }

        var ids = new long[patches.Count];
        await using (var reserve = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('patches', 'id')) FROM generate_series(1, $1)", postgres))
        {
            reserve.Parameters.Add(new NpgsqlParameter { Value = patches.Count });
            await using var reader = await reserve.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
            {
                ids[i] = reader.GetInt64(0);
            }
        }

        await using (var copy = await postgres.BeginBinaryImportAsync(
            "COPY patches (id, project_id, msgid, date, name, submitter_id, state_id, archived, hash, pull_url, series_id, series_number, prefixes) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < patches.Count; i++)
            {
                var patch = patches[i];
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(_projectId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(patch.Msgid, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(patch.Date, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(patch.Name, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(patch.SubmitterId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(patch.StateId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(patch.Archived ? 1L : 0L, NpgsqlDbType.Bigint, cancellationToken);
                await WriteOrNullAsync(copy, patch.Hash, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(copy, patch.PullUrl, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(copy, patch.SeriesId, NpgsqlDbType.Bigint, cancellationToken);
                await WriteOrNullAsync(copy, patch.SeriesNumber is { } n ? (long?)n : null, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(patch.PrefixesJson, NpgsqlDbType.Text, cancellationToken);
                var key = (patch.StateId, patch.Archived);
                _patchCounts[key] = _patchCounts.GetValueOrDefault(key) + 1;
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await postgres.BeginBinaryImportAsync("COPY patch_bodies (patch_id, headers, content, diff) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < patches.Count; i++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(patches[i].HeadersJson, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(patches[i].Content, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(copy, patches[i].Diff, NpgsqlDbType.Text, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await postgres.BeginBinaryImportAsync("COPY events (project_id, category, date, patch_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var id in ids)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(_projectId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync("patch-created", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(eventDate, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        AddRowCount("event", patches.Count);
        AddRowCount("event:patch-created", patches.Count);
        return ids;
    }

    public async Task<long> AddSeriesAsync(string name, long date, long submitterId, long version, long total, CancellationToken cancellationToken)
    {
        var id = await _insertSeries.ScalarAsync(cancellationToken, _projectId, name, date, submitterId, version, total);
        AddRowCount("series", 1);
        return id;
    }

    public async Task<long> AddCoverAsync(NewSubmission cover, CancellationToken cancellationToken)
    {
        var id = await _insertCover.ScalarAsync(cancellationToken, _projectId, cover.Msgid, cover.Date, cover.Name, cover.SubmitterId, cover.SeriesId);
        await _insertCoverBody.ExecuteAsync(cancellationToken, id, cover.HeadersJson, cover.Content);
        AddRowCount("cover", 1);
        return id;
    }

    public async Task<long> AddCommentAsync(NewSubmission comment, CancellationToken cancellationToken)
    {
        var id = await _insertComment.ScalarAsync(
            cancellationToken, _projectId, comment.PatchId, comment.CoverId, comment.Msgid, comment.Date, comment.Name, comment.SubmitterId, comment.Content, comment.HeadersJson);
        AddRowCount("comment", 1);
        return id;
    }

    /// <summary>How many patches a stored series has received so far.</summary>
    public Task<long> ReceivedTotalAsync(long seriesId, CancellationToken cancellationToken) => _receivedTotal.ScalarAsync(cancellationToken, seriesId);

    /// <summary>Adds received patches to a series and sets its total, name and (when given) cover letter.</summary>
    public Task UpdateSeriesAsync(long seriesId, long added, long total, string name, long? coverId, CancellationToken cancellationToken) =>
        _updateSeries.ExecuteAsync(cancellationToken, added, total, name, coverId, seriesId);

    /// <summary>Records that mail <paramref name="msgid"/> (with brackets) belongs to a series' thread.</summary>
    public Task AddSeriesReferenceAsync(long seriesId, string msgid, CancellationToken cancellationToken) =>
        _insertSeriesReference.ExecuteAsync(cancellationToken, _projectId, msgid, seriesId);

    public async Task EventAsync(string category, long date, long? patchId = null, long? coverId = null, long? seriesId = null, long? commentId = null, CancellationToken cancellationToken = default)
    {
        await _insertEvent.ExecuteAsync(cancellationToken, _projectId, category, date, patchId, coverId, seriesId, commentId);
        AddRowCount("event", 1);
        AddRowCount("event:" + category, 1);
    }

    /// <summary>Writes the accumulated counts, bumps the project's change counter and commits (unless the transaction is a <see cref="BulkLoad"/>'s).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var ((state, archived), n) in _patchCounts)
        {
            await ChangeTracker.AddPatchCountAsync(_connection, _transaction, _projectId, state, archived, n, cancellationToken);
        }

        foreach (var (kind, n) in _rowCounts)
        {
            await ChangeTracker.AddRowCountAsync(_connection, _transaction, _projectId, kind, n, cancellationToken);
        }

        await ChangeTracker.BumpProjectAsync(_connection, _transaction, _projectId, cancellationToken);
        if (_ownsTransaction)
        {
            await _transaction.CommitAsync(cancellationToken);
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed && _ownsTransaction)
        {
            await _transaction.RollbackAsync();
        }

        foreach (var command in new[] { _findPerson, _insertPerson, _insertPatch, _insertPatchBody, _insertEvent, _insertSeries, _insertCover, _insertCoverBody, _insertComment, _insertSeriesReference, _receivedTotal, _updateSeries })
        {
            await command.DisposeAsync();
        }

        if (_ownsTransaction)
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

    private void AddRowCount(string kind, long n) => _rowCounts[kind] = _rowCounts.GetValueOrDefault(kind) + n;
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using PatchSync.Server.Data.Paging;
using PatchSync.Server.Data.Rows;

namespace PatchSync.Server.Data.Stores;

/// <summary>Reads and updates patches. Every update keeps counts, events and the change counter in its transaction.</summary>
internal sealed class PatchStore(Database database, TimeProvider clock)
{
    /// <summary>Patch rows for ids, in the order given (the page order picked by the index).</summary>
    public static async Task<IReadOnlyList<PatchRow>> RowsByIdsAsync(DbConnection connection, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await connection.QueryAsync<PatchRow>(new CommandDefinition(
            $"{PatchRow.Select} WHERE p.id IN ({string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})",
            cancellationToken: cancellationToken));
        var byId = rows.ToDictionary(r => r.Id);
        return ids.Where(byId.ContainsKey).Select(i => byId[i]).ToList();
    }

    /// <summary>
    /// The rows of a page with the projects, check summaries and (when <paramref name="withRelated"/>,
    /// API 1.2+) related patches they show. On PostgreSQL the reads are one batch (one round trip), the
    /// ids bound as one array parameter so every page runs the same prepared statements.
    /// </summary>
    public static async Task<PatchPage> PageAsync(DbConnection connection, IReadOnlyList<long> ids, bool withRelated, CancellationToken cancellationToken)
    {
        if (connection is not NpgsqlConnection postgres || ids.Count == 0)
        {
            var rows = await RowsByIdsAsync(connection, ids, cancellationToken);
            return await WithRefsAsync(connection, rows, withRelated, cancellationToken);
        }

        var idArray = ids.ToArray();
        await using var batch = postgres.CreateBatch();
        foreach (var sql in PageSql("= ANY($1)", withRelated))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter { Value = idArray } } });
        }

        PageRows page;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            page = await ReadPageAsync(reader, ids, withRelated, cancellationToken);
        }

        // After the reader is closed: a relation across projects may need one more read for their projects.
        return await page.ToPageAsync(connection, cancellationToken);
    }

    /// <summary>
    /// The reads of a page (PostgreSQL): rows, their projects, their checks and (when
    /// <paramref name="withRelated"/>) the members of their relations, for the patches whose id
    /// satisfies <c>p.id {idCondition}</c> (an array parameter, or the page's own id query when they run
    /// in the list's head command, see <see cref="PatchPagePrefetch"/>).
    /// </summary>
    public static IReadOnlyList<string> PageSql(string idCondition, bool withRelated)
    {
        var statements = new List<string>
        {
            $"{PatchRow.Select} WHERE p.id {idCondition}",
            $"SELECT {ProjectRow.Columns} FROM projects WHERE id IN (SELECT p.project_id FROM patches p WHERE p.id {idCondition})",
        };
        PatchCheckAndRelatedReads.AddStatements(statements, idCondition, withRelated);
        return statements;
    }

    /// <summary>Reads the results of <see cref="PageSql"/> (the reader at the first of them) for the page of <paramref name="ids"/>.</summary>
    public static async Task<PageRows> ReadPageAsync(DbDataReader reader, IReadOnlyList<long> ids, bool withRelated, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<long, PatchRow>(ids.Count);
        var parsePatch = reader.GetRowParser<PatchRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = parsePatch(reader);
            byId[row.Id] = row;
        }

        await reader.NextResultAsync(cancellationToken);
        var projects = new Dictionary<long, ProjectRow>();
        var parseProject = reader.GetRowParser<ProjectRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var project = parseProject(reader);
            projects[project.Id] = project;
        }

        await reader.NextResultAsync(cancellationToken);
        var (checks, related) = await PatchCheckAndRelatedReads.ReadAsync(reader, withRelated, cancellationToken);
        return new PageRows(ids.Where(byId.ContainsKey).Select(i => byId[i]).ToList(), projects, checks, related);
    }

    /// <summary>
    /// The results of <see cref="PageSql"/> read off the reader. The page is complete once the
    /// projects of related patches in other projects are known, which may take one more read, so it is
    /// finished (<see cref="ToPageAsync"/>) after the reader is closed.
    /// </summary>
    public sealed class PageRows(IReadOnlyList<PatchRow> rows, Dictionary<long, ProjectRow> projects, Dictionary<long, string> checks, List<RelatedPatches.Row>? related)
    {
        public IReadOnlyList<PatchRow> Rows => rows;

        public Dictionary<long, ProjectRow> Projects => projects;

        public async Task<PatchPage> ToPageAsync(DbConnection connection, CancellationToken cancellationToken) =>
            new(rows, projects, checks, related is null ? RelatedPatches.None : await RelatedPatches.FromRowsAsync(connection, related, projects, cancellationToken));
    }

    /// <summary>Without covering indexes (benchmark baseline): the wide page query, then its projects, checks and related patches.</summary>
    public static async Task<PatchPage> WidePageAsync(DbConnection connection, ListQuery query, PagePlan plan, bool withRelated, CancellationToken cancellationToken) =>
        await WithRefsAsync(connection, await RowsWideAsync(connection, query, plan, cancellationToken), withRelated, cancellationToken);

    private static async Task<PatchPage> WithRefsAsync(DbConnection connection, IReadOnlyList<PatchRow> rows, bool withRelated, CancellationToken cancellationToken)
    {
        var projects = await RefLoader.ProjectsAsync(connection, rows.Select(p => p.ProjectId), cancellationToken);
        var checks = await CheckSummaryAsync(connection, rows.Select(p => p.Id).ToList(), cancellationToken);
        var related = withRelated ? await RelatedPatches.LoadAsync(connection, rows.Select(p => p.Id).ToList(), projects, cancellationToken) : RelatedPatches.None;
        return new PatchPage(rows, projects, checks, related);
    }

    /// <summary>
    /// Without covering indexes (benchmark baseline): one wide query with the filter, order and OFFSET
    /// on the full rows, as Patchwork runs it.
    /// </summary>
    public static async Task<IReadOnlyList<PatchRow>> RowsWideAsync(DbConnection connection, ListQuery query, PagePlan plan, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PatchRow>(new CommandDefinition(
            $"{PatchRow.Select}{query.WhereSql}{query.OrderSql} LIMIT {plan.PerPage} OFFSET {plan.Offset}",
            query.Parameters,
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The combined check state of each patch: fail > warning > pending > success over the newest check per (user, context).</summary>
    public static async Task<Dictionary<long, string>> CheckSummaryAsync(DbConnection connection, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var checks = await connection.QueryAsync<(long PatchId, long UserId, string Context, string State)>(new CommandDefinition(
            PatchCheckAndRelatedReads.ChecksSql($"IN ({string.Join(",", ids)})"),
            cancellationToken: cancellationToken));
        return SummarizeChecks(checks);
    }

    /// <summary>Checks in id order to the combined state per patch.</summary>
    internal static Dictionary<long, string> SummarizeChecks(IEnumerable<(long PatchId, long UserId, string Context, string State)> checks)
    {
        var result = new Dictionary<long, string>();
        foreach (var group in checks.GroupBy(c => c.PatchId))
        {
            var newest = group.GroupBy(c => (c.UserId, c.Context)).Select(g => g.Last().State).ToList();
            result[group.Key] = newest.Contains("fail") ? "fail"
                : newest.Contains("warning") ? "warning"
                : newest.Contains("pending") ? "pending"
                : "success";
        }

        return result;
    }

    public static async Task<PatchRow?> FindAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        using var statement = Statement.For(connection, null, FindSql).With("id", id);
        await using var reader = await statement.Command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetRowParser<PatchRow>()(reader) : null;
    }

    private static readonly string FindSql = $"{PatchRow.Select} WHERE p.id = @id";

    public static async Task<BodyRow?> BodyAsync(DbConnection connection, long id, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<BodyRow>(new CommandDefinition(
            "SELECT headers, content, diff FROM patch_bodies WHERE patch_id = @id", new { id }, cancellationToken: cancellationToken));

    /// <summary>
    /// Applies <paramref name="update"/> in one transaction: the relation (<see cref="RelationWriter"/>),
    /// the row, the counts of the old and new (state, archived) cells, a <c>patch-relation-changed</c>,
    /// <c>patch-state-changed</c> and <c>patch-delegated</c> event when those change, and the change
    /// counter of every project whose pages show the change. Anything but
    /// <see cref="PatchUpdateResult.Updated"/> changed nothing.
    /// </summary>
    public async Task<PatchUpdateResult> UpdateAsync(long patchId, PatchUpdate update, long? actorId, QueryTimings timings, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await UpdateAsync(connection, patchId, update, actorId, timings, cancellationToken);
    }

    /// <summary>
    /// <see cref="UpdateAsync(long, PatchUpdate, long?, QueryTimings, CancellationToken)"/> on the
    /// request's own open connection (with no transaction on it). A request that held one pooled
    /// connection while it waited for a second could starve the pool: with as many concurrent writes
    /// as the pool has connections, each would hold one and wait for another until the pool timed out.
    /// </summary>
    public async Task<PatchUpdateResult> UpdateAsync(DbConnection connection, long patchId, PatchUpdate update, long? actorId, QueryTimings timings, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (update.Related is not null)
        {
            await RelationWriter.TakeTurnAsync(connection, transaction, database.Dialect, cancellationToken);
        }

        CurrentPatch row;
        // FOR UPDATE on PostgreSQL: two servers (or two requests) changing the same patch take turns,
        // so each reads the state the other wrote and the counts and events stay exact. SQLite
        // serialises writers already.
        using (var read = Statement.For(connection, transaction, database.Dialect.IsSqlite ? CurrentSql : CurrentSql + " FOR UPDATE").With("patchId", patchId))
        {
            await using var reader = await read.Command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return PatchUpdateResult.NotFound;
            }

            row = new CurrentPatch
            {
                ProjectId = reader.GetInt64(0),
                StateId = reader.GetInt64(1),
                Archived = reader.GetInt64(2),
                DelegateId = reader.IsDBNull(3) ? null : reader.GetInt64(3),
            };
        }

        // First, as Patchwork saves the relation before the other fields: its refusals leave everything as it was.
        var relation = RelationOutcome.Unchanged;
        if (update.Related is { } related)
        {
            relation = await RelationWriter.ApplyAsync(connection, transaction, patchId, row.ProjectId, related, actorId, cancellationToken);
            if (relation.Result != PatchUpdateResult.Updated)
            {
                await transaction.RollbackAsync(cancellationToken);
                return relation.Result;
            }
        }

        var newState = update.StateId ?? row.StateId;
        var newArchived = update.Archived is { } a ? (a ? 1L : 0L) : row.Archived;
        var newDelegate = update.SetDelegate ? update.DelegateId : row.DelegateId;
        // Only the columns that change (or are sent, for commit_ref and pull_url): SQLite rewrites the
        // entries of every index on a column named in SET, even to the same value, and each index page
        // so dirtied is another WAL frame. Each of the 32 texts is kept prepared on the connection.
        var shape = (newState != row.StateId ? 1 : 0) | (newArchived != row.Archived ? 2 : 0) | (newDelegate != row.DelegateId ? 4 : 0)
            | (update.SetCommitRef ? 8 : 0) | (update.SetPullUrl ? 16 : 0);
        if (shape != 0)
        {
            using var write = Statement.For(connection, transaction, UpdateSql[shape]).With("patchId", patchId);
            if ((shape & 1) != 0)
            {
                write.With("newState", newState);
            }

            if ((shape & 2) != 0)
            {
                write.With("newArchived", newArchived);
            }

            if ((shape & 4) != 0)
            {
                write.With("newDelegate", newDelegate);
            }

            if ((shape & 8) != 0)
            {
                write.With("CommitRef", update.CommitRef);
            }

            if ((shape & 16) != 0)
            {
                write.With("PullUrl", update.PullUrl);
            }

            await write.Command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (newState != row.StateId || newArchived != row.Archived)
        {
            // Cells in key order: two updates moving patches in opposite directions (new -> accepted and
            // accepted -> new) would otherwise lock the same two count rows in opposite orders and deadlock.
            var cells = new[] { (State: row.StateId, Archived: row.Archived, Delta: -1L), (State: newState, Archived: newArchived, Delta: 1L) }
                .OrderBy(c => c.State).ThenBy(c => c.Archived);
            foreach (var cell in cells)
            {
                await ChangeTracker.AddPatchCountAsync(connection, transaction, row.ProjectId, cell.State, cell.Archived == 1, cell.Delta, cancellationToken);
            }
        }

        var now = DbTime.Now(clock);
        foreach (var e in relation.Events)
        {
            await EventWriter.WriteAsync(connection, transaction, new NewEvent(e.ProjectId, "patch-relation-changed", now)
            {
                ActorId = e.ActorId,
                PatchId = e.PatchId,
            }, cancellationToken);
        }

        if (newState != row.StateId)
        {
            await EventWriter.WriteAsync(connection, transaction, new NewEvent(row.ProjectId, "patch-state-changed", now)
            {
                ActorId = actorId,
                PatchId = patchId,
                PreviousState = States.SlugOf(row.StateId),
                CurrentState = States.SlugOf(newState),
            }, cancellationToken);
        }

        if (newDelegate != row.DelegateId)
        {
            await EventWriter.WriteAsync(connection, transaction, new NewEvent(row.ProjectId, "patch-delegated", now)
            {
                ActorId = actorId,
                PatchId = patchId,
                PreviousDelegateId = row.DelegateId,
                CurrentDelegateId = newDelegate,
            }, cancellationToken);
        }

        // In id order, as every writer takes project rows, so two writers never wait on each other in a circle.
        // A relation, a commit ref or a pull URL is no patch filter's column: only a new state, archived
        // flag or delegate can change which patches a list matches (remembered page boundaries stay).
        var listChanged = newState != row.StateId || newArchived != row.Archived || newDelegate != row.DelegateId;
        foreach (var projectId in relation.ChangedProjects.Append(row.ProjectId).Distinct().Order())
        {
            await ChangeTracker.BumpProjectAsync(connection, transaction, projectId, cancellationToken, patchListChanged: listChanged && projectId == row.ProjectId);
        }

        await transaction.CommitAsync(cancellationToken);
        timings.AddDb(start);
        return PatchUpdateResult.Updated;
    }

    private const string CurrentSql = "SELECT project_id, state_id, archived, delegate_id FROM patches WHERE id = @patchId";

    // Indexed by the shape in UpdateAsync: 1 state, 2 archived, 4 delegate, 8 commit_ref, 16 pull_url.
    private static readonly string[] UpdateSql = [.. Enumerable.Range(0, 32).Select(shape =>
        "UPDATE patches SET " + string.Join(", ", new[]
        {
            (shape & 1) != 0 ? "state_id = @newState" : null,
            (shape & 2) != 0 ? "archived = @newArchived" : null,
            (shape & 4) != 0 ? "delegate_id = @newDelegate" : null,
            (shape & 8) != 0 ? "commit_ref = @CommitRef" : null,
            (shape & 16) != 0 ? "pull_url = @PullUrl" : null,
        }.OfType<string>()) + " WHERE id = @patchId")];

    private sealed class CurrentPatch
    {
        public long ProjectId { get; init; }

        public long StateId { get; init; }

        public long Archived { get; init; }

        public long? DelegateId { get; init; }
    }
}

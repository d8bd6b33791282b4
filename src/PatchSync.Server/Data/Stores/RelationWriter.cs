using System.Data.Common;
using Dapper;

namespace PatchSync.Server.Data.Stores;

/// <summary>
/// Changes the relation of a patch (a write to <c>related</c>) inside the caller's transaction, by
/// Patchwork 3.1.3's rules:
/// <list type="bullet">
/// <item>The caller must maintain the project of the patch, of every patch it names and of every patch
/// now in the patch's relation; otherwise nothing changes (403).</item>
/// <item>An empty list takes the patch out of its relation; a relation of two is dissolved.</item>
/// <item>Otherwise the changes only add: the patch, the named patches and the patch's current relation
/// end up in one relation, the one already there, or a new one. If they are in two different relations
/// already, nothing changes (409): a patch must leave its relation before it can join another.</item>
/// </list>
/// Membership rows change here at once; the <c>patch-relation-changed</c> events and the projects
/// whose lists show the change are returned, for the caller to write after its own row changes (it
/// keeps the order in which every writer takes locks: patch rows, counts, events, projects).
/// </summary>
internal static class RelationWriter
{
    /// <summary>Key of the PostgreSQL advisory lock that makes relation changes take turns.</summary>
    private const long AdvisoryLockKey = 0x7077_7265_6C61_7465; // "pwrelate"

    /// <summary>
    /// Waits for other relation changes to finish (PostgreSQL; SQLite serialises writers already).
    /// The caller takes this first in its transaction, before it locks its patch row: the membership
    /// checks read what the change then relies on, so two changes at once could otherwise both see a
    /// patch free and put it in two relations; and a change that locked its patch first, then waited
    /// here, would deadlock with one holding this turn and adding that patch to a relation (the new
    /// member row's foreign key waits for the patch's row lock). Relation changes are rare: one turn
    /// for all of them is enough.
    /// </summary>
    public static async Task TakeTurnAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CancellationToken cancellationToken)
    {
        if (!dialect.IsSqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@AdvisoryLockKey)", new { AdvisoryLockKey }, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// Applies <paramref name="requested"/> (validated patch ids) as the new <c>related</c> of
    /// <paramref name="patchId"/>, after <see cref="TakeTurnAsync"/> in the same transaction.
    /// </summary>
    public static async Task<RelationOutcome> ApplyAsync(
        DbConnection connection, DbTransaction transaction, long patchId, long projectId, IReadOnlyList<long> requested, long? userId, CancellationToken cancellationToken)
    {
        var maintained = userId is { } uid
            ? (await connection.QueryAsync<long>(new CommandDefinition(
                "SELECT project_id FROM maintainers WHERE user_id = @uid", new { uid }, transaction, cancellationToken: cancellationToken))).ToHashSet()
            : [];
        if (!maintained.Contains(projectId))
        {
            return RelationOutcome.Refused(PatchUpdateResult.NotMaintainer);
        }

        var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT relation_id FROM patch_relation_members WHERE patch_id = @patchId", new { patchId }, transaction, cancellationToken: cancellationToken));

        // Every patch the change concerns: the named ones and the members of the patch's relation.
        var involved = new Dictionary<long, Member>();
        foreach (var chunk in requested.Distinct().Chunk(500))
        {
            foreach (var m in await connection.QueryAsync<Member>(new CommandDefinition(
                $"SELECT p.id AS patch_id, p.project_id, m.relation_id FROM patches p LEFT JOIN patch_relation_members m ON m.patch_id = p.id WHERE p.id IN ({string.Join(",", chunk)})",
                transaction: transaction,
                cancellationToken: cancellationToken)))
            {
                involved[m.PatchId] = m;
            }
        }

        var currentMembers = current is { } rid ? await MembersAsync(connection, transaction, rid, cancellationToken) : [];
        foreach (var m in currentMembers)
        {
            involved[m.PatchId] = m;
        }

        if (involved.Values.Any(m => !maintained.Contains(m.ProjectId)))
        {
            return RelationOutcome.Refused(PatchUpdateResult.NotMaintainer);
        }

        return requested.Count == 0
            ? await LeaveAsync(connection, transaction, patchId, projectId, current, currentMembers, userId, cancellationToken)
            : await JoinAsync(connection, transaction, patchId, projectId, involved, userId, cancellationToken);
    }

    /// <summary>
    /// An empty list. A relation of two is deleted and, as in Patchwork (whose delete clears both
    /// patches with one UPDATE, bypassing its save hooks), no event is written. Out of a larger
    /// relation (or one of one) only this patch leaves, with an event.
    /// </summary>
    private static async Task<RelationOutcome> LeaveAsync(
        DbConnection connection, DbTransaction transaction, long patchId, long projectId, long? current, IReadOnlyList<Member> members, long? userId, CancellationToken cancellationToken)
    {
        if (current is not { } relationId)
        {
            return RelationOutcome.Unchanged;
        }

        var projects = members.Select(m => m.ProjectId).ToHashSet();
        if (members.Count == 2)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM patch_relation_members WHERE relation_id = @relationId", new { relationId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM patch_relations WHERE id = @relationId", new { relationId }, transaction, cancellationToken: cancellationToken));
            return new RelationOutcome(PatchUpdateResult.Updated, [], projects);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM patch_relation_members WHERE patch_id = @patchId", new { patchId }, transaction, cancellationToken: cancellationToken));
        return new RelationOutcome(PatchUpdateResult.Updated, [new RelationEvent(patchId, projectId, userId)], projects);
    }

    /// <summary>
    /// A non-empty list: every involved patch joins the one relation among them (or a new one). Events
    /// follow Patchwork's saves: each involved patch that was in no relation gets one without an actor
    /// (Patchwork saves those rows as loaded, without the caller attached); the edited patch, when it
    /// is not among them, is saved last with the caller as actor.
    /// </summary>
    private static async Task<RelationOutcome> JoinAsync(
        DbConnection connection, DbTransaction transaction, long patchId, long projectId, Dictionary<long, Member> involved, long? userId, CancellationToken cancellationToken)
    {
        var relations = involved.Values.Where(m => m.RelationId is not null).Select(m => m.RelationId!.Value).Distinct().ToList();
        if (relations.Count > 1)
        {
            return RelationOutcome.Refused(PatchUpdateResult.RelationConflict);
        }

        var joining = involved.Values.Where(m => m.RelationId is null).OrderBy(m => m.PatchId)
            .Select(m => new RelationEvent(m.PatchId, m.ProjectId, null)).ToList();
        if (!involved.ContainsKey(patchId))
        {
            joining.Add(new RelationEvent(patchId, projectId, userId));
        }

        if (joining.Count == 0)
        {
            return RelationOutcome.Unchanged;
        }

        var relationId = relations.Count == 1
            ? relations[0]
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO patch_relations DEFAULT VALUES RETURNING id", transaction: transaction, cancellationToken: cancellationToken));
        foreach (var e in joining)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO patch_relation_members (patch_id, relation_id) VALUES (@PatchId, @relationId)",
                new { e.PatchId, relationId },
                transaction,
                cancellationToken: cancellationToken));
        }

        // Every member's list shows the newcomers, including members the caller never named.
        var projects = (await MembersAsync(connection, transaction, relationId, cancellationToken)).Select(m => m.ProjectId).ToHashSet();
        return new RelationOutcome(PatchUpdateResult.Updated, joining, projects);
    }

    private static async Task<IReadOnlyList<Member>> MembersAsync(DbConnection connection, DbTransaction transaction, long relationId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Member>(new CommandDefinition(
            "SELECT m.patch_id, p.project_id, m.relation_id FROM patch_relation_members m JOIN patches p ON p.id = m.patch_id WHERE m.relation_id = @relationId",
            new { relationId },
            transaction,
            cancellationToken: cancellationToken))).AsList();

    private sealed class Member
    {
        public long PatchId { get; init; }

        public long ProjectId { get; init; }

        public long? RelationId { get; init; }
    }
}

/// <summary>A <c>patch-relation-changed</c> event to write: the patch, its project and the actor (null: none).</summary>
internal sealed record RelationEvent(long PatchId, long ProjectId, long? ActorId);

/// <summary>The result of <see cref="RelationWriter.ApplyAsync"/>: the events to write and the projects whose pages changed.</summary>
internal sealed record RelationOutcome(PatchUpdateResult Result, IReadOnlyList<RelationEvent> Events, IReadOnlySet<long> ChangedProjects)
{
    /// <summary>Nothing to change (the patch already stands as asked).</summary>
    public static RelationOutcome Unchanged { get; } = new(PatchUpdateResult.Updated, [], new HashSet<long>());

    /// <summary>Refused with <paramref name="result"/>; the caller rolls back.</summary>
    public static RelationOutcome Refused(PatchUpdateResult result) => new(result, [], new HashSet<long>());
}
